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

    /** A missing servers file and a bad setting come in one round (the servers file is checked with the settings). */
    @Test
    void theServersFileIsCheckedInTheSameRoundAsTheOtherSettings() throws Exception {
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), List.of(), Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\nca ca.crt\n").toString(),
                "SERVERS_FILE", dir.resolve("absent.json").toString(),
                "LOG_LEVEL", "loud"), "run");
        assertEquals(2, r.exit(), r.stderr());
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals("tunnelkeeper cannot start: 2 problem(s) in the settings:", lines.get(0), r.stderr());
        assertTrue(lines.get(1).startsWith("  LOG_LEVEL=\"loud\": not a known value"), r.stderr());
        assertTrue(lines.get(2).startsWith("  SERVERS_FILE=\"" + dir.resolve("absent.json") + "\": no such file"), r.stderr());
    }

    /**
     * A first start as users make it, with an .ovpn openvpn would refuse whatever the server (no CA, a login prompt
     * without OPENVPN_USER): exit 2 with the settings' problems, at once, before the kill switch or DNS start (they
     * stopped the product only after its first connect attempt, some seconds in).
     */
    @Test
    void anOvpnOpenvpnWouldRefuseStopsTheStartWithTheSettings() throws Exception {
        Path ovpn = Files.writeString(dir.resolve("provider.ovpn"), "client\nremote 127.0.0.1 1194\nauth-user-pass\n");
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), PRODUCT_FLAGS, Map.of(
                "TK_CONFIG", Path.of("config", "tunnelkeeper.yaml").toString(),
                "OPENVPN_CUSTOM_CONFIG", ovpn.toString(),
                "HEALTH_TARGET_ADDRESS", "127.0.0.1:1"), "run");
        assertEquals(2, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of("tunnelkeeper cannot start: 2 problem(s) in the settings:",
                "  OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\": no CA certificate to check the server with; valid: your provider's "
                        + "ca line or <ca>...</ca> block (or peer-fingerprint, or pkcs12)",
                "  OPENVPN_USER is not set, but OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 3 (\"auth-user-pass\") asks for a "
                        + "user name and password; valid: set OPENVPN_USER and OPENVPN_PASSWORD to your provider's service credentials"),
                r.stderr().strip().lines().toList());
        assertFalse(r.stdout().contains("[firewall]") || r.stdout().contains("[dns]"), "nothing started: " + r.stdout());
    }

    /** bin/lib/common.sh's run_jvm_flags: the heap the product really has, and no JVM warnings on stderr. */
    static final List<String> PRODUCT_FLAGS = Runtime.version().feature() >= 24
            ? List.of("-Xmx64m", "-Xss512k", "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow")
            : List.of("-Xmx64m", "-Xss512k", "--enable-native-access=ALL-UNNAMED");

    // `run` under the launcher's flags with this SERVERS_FILE and nothing else to go on.
    private Result runWithServersFile(Path file) throws Exception {
        return JavaProcess.run(JavaProcess.fullClasspath(), PRODUCT_FLAGS, Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\nca ca.crt\n").toString(),
                "SERVERS_FILE", file.toString()), "run");
    }

    /** A broken SERVERS_FILE stops the start with one line naming the file; nesting past parsson's limit was a stack trace. */
    @Test
    void aMalformedServersFileExitsTwoWithOneLine() throws Exception {
        for (String json : new String[] {"{\"servers\": [{\"vpn\": \"openvpn\",", "[".repeat(100_000)}) {
            Path file = Files.writeString(dir.resolve("servers.json"), json);
            Result r = runWithServersFile(file);
            assertEquals(2, r.exit(), r.stderr());
            List<String> lines = r.stderr().strip().lines().toList();
            assertEquals(2, lines.size(), r.stderr());
            assertEquals("tunnelkeeper cannot start: 1 problem(s) in the settings:", lines.get(0));
            assertTrue(lines.get(1).startsWith("  " + file + ": not valid JSON"), r.stderr());
            assertTrue(lines.get(1).endsWith("; valid: JSON shaped like config/servers.example.json"), r.stderr());
            assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
        }
    }

    /** A servers file whose every entry is bad has no usable server: exit 2, one line, no stack trace. */
    @Test
    void aServersFileWithoutAUsableServerExitsTwoWithOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("servers.json"), "{\"version\": 1, \"custom\": {\"servers\": ["
                + "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"\"]}, {\"udp\": true, \"ips\": [\"203.0.113.1\"]}]}}");
        Result r = runWithServersFile(file);
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(List.of("tunnelkeeper cannot start: 1 problem(s) in the settings:",
                "  " + file + " (block \"custom\"): servers[0].ips[0]: \"\" is not an IP address; valid: an IPv4 or IPv6 address "
                        + "such as \"203.0.113.7\" (and each of the other 1 servers has a problem too: none is usable)"),
                r.stderr().strip().lines().toList());
    }

    /**
     * 10 MB of servers, every one bad, under the launcher's 64 MB heap: the parse ran out of memory, exit 1 with an
     * OutOfMemoryError stack trace. Now one line saying so (or, should loading ever fit, the first bad server's line;
     * every entry is bad so that a load that fits still stops the start).
     */
    @Test
    void aHugeServersFileExitsTwoWithOneLine() throws Exception {
        Path file = dir.resolve("servers.json");
        String good = "{\"vpn\": \"openvpn\", \"server_name\": \"s\", \"ips\": [\"203.0.113\"], \"udp\": true},\n";
        int count = 10 * 1024 * 1024 / good.length();
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            out.write("{\"servers\": [\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            byte[] g = good.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                out.write(g);
            }
            out.write("{\"vpn\": \"openvpn\", \"ips\": [\"1.2.3\"], \"udp\": true}]}".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        Result r = runWithServersFile(file);
        assertEquals(2, r.exit(), r.stderr());
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals(2, lines.size(), r.stderr());
        assertTrue(lines.get(1).startsWith("  " + file + ": too large to load in the heap (")
                || lines.get(1).startsWith("  " + file + ": servers[0].ips[0]"), r.stderr());
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("Error") || r.stderr().contains("\tat "), r.stderr());
    }

    /**
     * gluetun's whole servers.json holds every provider; only the chosen one's block is built (the others are skipped
     * by a streaming parse). 40 MB of other providers under the launcher's 64 MB heap: the chosen block loads, and the
     * only problem left is the unrelated setting this test gets wrong on purpose (so the product stops before it
     * starts anything). Parsed as one tree, that file ran the heap out.
     */
    @Test
    void onlyTheChosenProvidersBlockOfAHugeGluetunFileIsLoaded() throws Exception {
        Path file = dir.resolve("servers.json");
        String server = "{\"vpn\": \"openvpn\", \"country\": \"Netherlands\", \"server_name\": \"nl-%d\", "
                + "\"hostname\": \"nl%d.example.net\", \"ips\": [\"203.0.113.7\"], \"udp\": true, \"tcp\": true},\n";
        try (java.io.Writer out = Files.newBufferedWriter(file)) {
            out.write("{\"version\": 1,\n");
            for (String other : List.of("cyberghost", "nordvpn", "surfshark", "ivpn")) {
                out.write("\"" + other + "\": {\"version\": 4, \"timestamp\": 1700000000, \"servers\": [\n");
                for (int i = 0; i < 10 * 1024 * 1024 / server.length(); i++) {
                    out.write(server.formatted(i, i));
                }
                out.write(server.formatted(-1, -1).replace("},\n", "}") + "]},\n");
            }
            out.write("\"mullvad\": {\"version\": 1, \"servers\": [" + server.formatted(1, 1).replace("},\n", "}") + "]}}\n");
        }
        assertTrue(Files.size(file) > 40_000_000, "the other providers' blocks fill " + Files.size(file) + " bytes");
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), PRODUCT_FLAGS, Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\nca ca.crt\n").toString(),
                "VPN_SERVICE_PROVIDER", "mullvad",
                "SERVERS_FILE", file.toString(),
                "LOG_LEVEL", "loud"), "run");
        assertEquals(2, r.exit(), r.stderr());
        List<String> lines = r.stderr().strip().lines().toList();
        assertEquals(List.of("tunnelkeeper cannot start: 1 problem(s) in the settings:",
                "  LOG_LEVEL=\"loud\": not a known value; valid: debug, info, warn, error"), lines, r.stderr());
    }

    /**
     * The real openvpn refuses an option of the user's file (it prints "Options error:" and exits before touching the
     * network): the product stops with exit 2 and the user's line instead of retrying forever. Nothing outside the
     * process is touched: FIREWALL, DNS_SERVER and PUBLICIP off, every listener on loopback.
     */
    @Test
    void openvpnRefusingTheConfigurationExitsTwoNamingTheUsersLine() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/openvpn"))
                || Files.isExecutable(Path.of("/usr/bin/openvpn")), "openvpn is not installed");
        Path ovpn = Files.writeString(dir.resolve("custom.ovpn"),
                "client\ndev tun\nproto udp\nremote 127.0.0.1 1194\nresolv-retry infinite\nkeysize 256\nca ca.crt\n");
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", ovpn.toString(),
                "FIREWALL", "off", "DNS_SERVER", "off", "PUBLICIP_ENABLED", "off",
                "HEALTH_TARGET_ADDRESS", "127.0.0.1:" + freePort(),
                "HEALTH_SERVER_ADDRESS", "127.0.0.1:" + freePort(),
                "HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:" + freePort(),
                "SCRIPTS_DIR", Files.createDirectory(dir.resolve("scripts")).toString()));
        env.put("PATH", System.getenv("PATH") + ":/usr/sbin:/sbin");
        env.put("SERVERS_FILE", "");
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), PRODUCT_FLAGS, env, "run");
        assertEquals(2, r.exit(), r.stdout() + r.stderr());
        assertEquals(List.of("tunnelkeeper cannot continue: 1 problem(s) in the OpenVPN configuration:",
                "  OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 6 (\"keysize 256\"): openvpn 2.6.14 does not know the option "
                        + "\"keysize\", or not with these arguments; valid: the option as openvpn 2.6.14's manual writes it, or remove the line"),
                r.stderr().strip().lines().toList().stream().map(l -> l.replaceAll("openvpn 2\\.\\d+\\.\\d+", "openvpn 2.6.14")).toList());
        assertEquals(1, r.stdout().lines().filter(l -> l.contains("[vpn] starting -> stopping: the VPN client refuses its configuration")).count(), r.stdout());
        assertFalse(r.stdout().contains("retrying in"), r.stdout());
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
