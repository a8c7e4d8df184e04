package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product as a user starts it: the launcher {@code bin/tunnelkeeper run}, in a directory laid out as the image's
 * /app (the shipped config/, bin/, tunnelkeeper.jar), with only the variables a user writes in a compose file. Five
 * bad values in five sections stop the start with exit code 2 and five problem lines, in one run.
 */
class LauncherBadSettingsTest {
    @TempDir
    Path home;

    @Test
    void fiveBadValuesExitTwoWithFiveLines() throws Exception {
        layOutHome();
        Path ovpn = Files.writeString(home.resolve("custom.ovpn"), "client\nremote 127.0.0.1 1194\nca ca.crt\n");
        Map<String, String> env = new java.util.HashMap<>(SettingsAssemblyTest.FIVE_BAD);
        env.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/tunnelkeeper").toString(), "run").directory(home.toFile());
        // the variables of this machine's own settings, if any, are not the user's
        pb.environment().keySet().removeIf(k -> k.startsWith("HEALTH_") || k.startsWith("VPN_") || k.startsWith("OPENVPN_")
                || k.startsWith("WIREGUARD_") || k.startsWith("FIREWALL") || k.startsWith("DNS_") || k.startsWith("DOT")
                || k.startsWith("HOOK_") || k.startsWith("HTTP_CONTROL_") || k.startsWith("PUBLICIP_") || k.startsWith("SERVER")
                || k.startsWith("TK_") || k.equals("LOG_LEVEL") || k.equals("SCRIPTS_DIR"));
        pb.environment().putAll(env);
        Path out = home.resolve("stdout.txt");
        Path err = home.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the launcher did not finish within 60 s");
        }
        String stderr = Files.readString(err);
        assertEquals(2, p.exitValue(), stderr + Files.readString(out));
        List<String> expected = new ArrayList<>();
        expected.add("tunnelkeeper cannot start: 5 problem(s) in the settings:");
        SettingsAssemblyTest.FIVE_LINES.forEach(line -> expected.add("  " + line));
        assertEquals(expected, stderr.strip().lines().toList());
        assertFalse(Files.readString(out).contains("[firewall]"), "nothing started");
    }

    /**
     * /app as the image has it: bin/ and config/ as shipped, and tunnelkeeper.jar, here a jar whose manifest names
     * the built classes and the libraries (the packaged jar is made after the tests).
     */
    private void layOutHome() throws IOException {
        Files.createDirectories(home.resolve("bin/lib"));
        copy(Path.of("bin/tunnelkeeper"), home.resolve("bin/tunnelkeeper"));
        copy(Path.of("bin/lib/common.sh"), home.resolve("bin/lib/common.sh"));
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            Files.createDirectories(home.resolve("config"));
            for (Path f : files.toList()) {
                copy(f, home.resolve("config").resolve(f.getFileName()));
            }
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, "dev.tunnelkeeper.Main");
        main.put(new Attributes.Name("Enable-Native-Access"), "ALL-UNNAMED");
        List<String> classPath = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Path.of(entry).toAbsolutePath();
            if (!path.endsWith("test-classes") && !entry.contains("surefire")) {
                classPath.add(path.toUri().toString());
            }
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", classPath));
        try (OutputStream jar = Files.newOutputStream(home.resolve("tunnelkeeper.jar"));
             JarOutputStream ignored = new JarOutputStream(jar, manifest)) {
            // the manifest is the whole jar
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
}
