package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.JavaProcess.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        assertEquals("unknown command \"frobnicate\"; valid: run, healthcheck, check-scripts, test-hook, --help, --version", unknown.stderr().strip());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
