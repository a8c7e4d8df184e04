package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.JavaProcess.Result;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product as a process: exit codes, error output, clean stop. */
class RunCommandTest {
    @TempDir
    Path dir;

    @Test
    void badSettingsExitTwoWithOneLinePerProblemAndNoStackTrace() throws Exception {
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), List.of(), Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "HEALTH_VPN_DURATION_INITIAL", "soon",
                "HEALTH_RESTART_VPN", "perhaps",
                "WIREGUARD_MTU", "1"), "run");
        assertEquals(2, r.exit());
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals("tunnelkeeper cannot start: 4 problem(s) in the settings:", lines.get(0), r.stderr());
        assertTrue(lines.contains("  HEALTH_VPN_DURATION_INITIAL=\"soon\": not a duration; valid: a duration such as 6s, 1m30s or 500ms, greater than 0"), r.stderr());
        assertTrue(lines.contains("  HEALTH_RESTART_VPN=\"perhaps\": not a boolean; valid: on, off, yes, no, true or false"), r.stderr());
        assertTrue(lines.contains("  WIREGUARD_MTU=\"1\": out of range; valid: a whole number from 576 to 9000"), r.stderr());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  OPENVPN_CUSTOM_CONFIG is not set")), r.stderr());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
    }

    @Test
    void helpVersionAndUnknownCommands() throws Exception {
        Result help = JavaProcess.run(JavaProcess.classesOnly(), List.of(), Map.of(), "--help");
        assertEquals(0, help.exit());
        assertTrue(help.stdout().contains("healthcheck"));
        Result version = JavaProcess.run(JavaProcess.classesOnly(), List.of(), Map.of(), "--version");
        assertEquals(0, version.exit());
        assertTrue(version.stdout().startsWith("tunnelkeeper "));
        Result unknown = JavaProcess.run(JavaProcess.classesOnly(), List.of(), Map.of(), "frobnicate");
        assertEquals(2, unknown.exit());
        assertEquals("unknown command \"frobnicate\"; valid: run, healthcheck, --help, --version", unknown.stderr().strip());
    }

    @Test
    void sigtermStopsWithinTwoSecondsWithExitZero() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            int healthPort = freePort();
            Map<String, String> env = new HashMap<>();
            env.put("TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString());
            env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\n").toString());
            env.put("HEALTH_TARGET_ADDRESS", "127.0.0.1:" + target.getLocalPort());
            env.put("HEALTH_SERVER_ADDRESS", "127.0.0.1:" + healthPort);
            Path log = dir.resolve("out.log");
            Process p = JavaProcess.builder(JavaProcess.fullClasspath(), List.of(), env, "run")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                assertTrue(Poll.until(Duration.ofSeconds(20), () -> answers(healthPort)), "health port answers");
                long start = System.nanoTime();
                p.destroy(); // SIGTERM
                assertTrue(p.waitFor(2, TimeUnit.SECONDS), "stopped within 2 s");
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertEquals(0, p.exitValue(), Files.readString(log));
                String out = Files.readString(log);
                assertTrue(out.contains("INFO [main] stopped"), out);
                assertTrue(ms < 2_000, ms + " ms");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
