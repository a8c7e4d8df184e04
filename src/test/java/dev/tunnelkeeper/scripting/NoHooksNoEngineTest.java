package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A product whose scripts directory has no hook file never loads GraalJS: its classes cost some 30 MB of memory (and,
 * in the image, the launcher then picks the AOT cache trained without them). Runs {@code run} in a JVM of its own with
 * {@code -verbose:class}, the kill switch, DNS and the public IP lookup off, until its health server answers.
 */
class NoHooksNoEngineTest {
    @TempDir
    Path dir;

    @Test
    void aRunWithoutHookFilesLoadsNoGraalJsClass() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("README.md"), "not a hook\n");
        int healthPort;
        try (ServerSocket free = new ServerSocket(0)) {
            healthPort = free.getLocalPort();
        }
        Path out = dir.resolve("stdout");
        ProcessBuilder pb = JavaProcess.builder(JavaProcess.fullClasspath(), List.of("-verbose:class",
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp"))), Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("empty.yaml"), "").toString(),
                "TK_RUN_DIR", dir.resolve("run").toString(),
                "SCRIPTS_DIR", scripts.toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"),
                        "client\ndev tun\nremote 127.0.0.1 1\npeer-fingerprint " + "00:".repeat(31) + "00\n").toString(),
                "FIREWALL", "off", "DNS_SERVER", "off", "PUBLICIP_ENABLED", "off",
                "HEALTH_TARGET_ADDRESS", "127.0.0.1:1",
                "HEALTH_SERVER_ADDRESS", "127.0.0.1:" + healthPort,
                "HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:0"), "run")
                .redirectOutput(out.toFile()).redirectError(dir.resolve("stderr").toFile());
        Process product = pb.start();
        try {
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> answers(healthPort) || !product.isAlive())
                    && product.isAlive(),
                    () -> "the health server answers; the product said: " + read(dir.resolve("stderr")));
            // the scripts directory's first scan runs as the loops start; wait for its class to be sure it ran
            assertTrue(Poll.until(Duration.ofSeconds(30), () -> read(out).contains(
                    "dev.tunnelkeeper.scripting.ScriptReloader ")), "the scripts directory was scanned");
        } finally {
            product.destroy();
            product.waitFor(10, TimeUnit.SECONDS);
            product.destroyForcibly();
        }
        String classes = Files.readString(out);
        assertFalse(classes.contains("com.oracle.truffle"), "no Truffle class loaded");
        assertFalse(classes.contains("com.oracle.js"), "no GraalJS class loaded");
        assertFalse(classes.contains("org.graalvm.polyglot.Engine"), "no polyglot engine");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
