package dev.tunnelkeeper.config;

import dev.tunnelkeeper.app.SettingsAssembly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CoreSettingsParserTest {
    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void minimalValidEnvironment() throws IOException {
        Path ovpn = Files.writeString(dir.resolve("client.ovpn"), "client\nremote 10.0.0.1 1194\n");
        env.put("TK_CONFIG", Files.writeString(dir.resolve("empty.yaml"), "").toString());
        env.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
    }

    private Settings load() throws SettingsException {
        return SettingsAssembly.load(env);
    }

    private List<String> problems() {
        return assertThrows(SettingsException.class, this::load).problems();
    }

    @Test
    void defaultsAreTheSeeds() throws Exception {
        Settings s = load();
        assertEquals(List.of(new HostPort("cloudflare.com", 443)), s.health().targets());
        assertEquals(new HostPort("127.0.0.1", 9999), s.health().serverAddress());
        assertEquals(Duration.ofSeconds(5), s.health().successWait());
        assertEquals(Duration.ofSeconds(6), s.health().vpnInitial());
        assertEquals(Duration.ofSeconds(5), s.health().vpnAddition());
        assertTrue(s.health().restartVpn());
        assertEquals("tun0", s.vpn().iface());
    }

    /**
     * The shipped file writes every default out, the absent config/auth.yaml and config/servers.json included:
     * with only a user's settings it must load, each such path meaning "none" (it stopped every first start).
     */
    @Test
    void theShippedFileWithOnlyAUsersSettingsLoads() throws Exception {
        Path shipped = Path.of("config", "tunnelkeeper.yaml");
        assertTrue(Files.isRegularFile(shipped), "run from the project root");
        env.put("TK_CONFIG", shipped.toString());
        env.put("HEALTH_TARGET_ADDRESS", "10.0.0.2:443");
        Settings s = load();
        assertFalse(s.servers().fileRequired(), "the default servers file is used only when present");
        assertTrue(s.control().authFile().isEmpty(), "the default auth file is used only when present");
    }

    @Test
    void aDefaultPathWrittenInTheFileIsOptionalButAnotherPathIsNot() throws Exception {
        env.put("TK_CONFIG", Files.writeString(dir.resolve("tk.yaml"),
                "servers:\n  file: config/servers.json\ncontrol:\n  auth_config_filepath: config/auth.yaml\n").toString());
        load();
        env.put("TK_CONFIG", Files.writeString(dir.resolve("tk.yaml"),
                "control:\n  auth_config_filepath: " + dir.resolve("auth.yaml") + "\n").toString());
        assertTrue(problems().get(0).startsWith("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH=\"" + dir.resolve("auth.yaml")
                + "\" (key control.auth_config_filepath in "), problems().toString());
    }

    /** Every boolean setting is read by one reader: HEALTH_RESTART_VPN="on " was refused while FIREWALL="on " was taken. */
    @Test
    void everyBooleanSettingTakesTheSameWords() throws Exception {
        List<String> booleans = List.of("HEALTH_RESTART_VPN", "FIREWALL", "DNS_SERVER", "DNS_CACHING", "PUBLICIP_ENABLED");
        for (String word : List.of("on ", " Off", "YES", "no\t", "true", "False")) {
            booleans.forEach(name -> env.put(name, word));
            load();
        }
        booleans.forEach(name -> env.put(name, "enabled"));
        env.put("VPN_PORT_FORWARDING", "enabled");
        List<String> problems = problems();
        assertTrue(problems.contains("VPN_PORT_FORWARDING=\"enabled\": not a boolean; valid: on, off, yes, no, true or false"),
                problems.toString());
        for (String name : booleans) {
            assertTrue(problems.contains(name + "=\"enabled\": not a boolean; valid: on, off, yes, no, true or false"),
                    name + " in " + problems);
        }
    }

    @Test
    void aMissingTkConfigFileIsAProblem() {
        env.put("TK_CONFIG", dir.resolve("absent.yaml").toString());
        assertTrue(problems().get(0).startsWith("TK_CONFIG=\"" + dir.resolve("absent.yaml") + "\": no such file"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "HEALTH_VPN_DURATION_INITIAL|abc|HEALTH_VPN_DURATION_INITIAL=\"abc\": not a duration; valid: a duration such as 6s, 1m30s or 500ms, greater than 0",
            "HEALTH_VPN_DURATION_INITIAL|0|HEALTH_VPN_DURATION_INITIAL=\"0\": must be greater than 0; valid:",
            "HEALTH_SUCCESS_WAIT_DURATION|5|HEALTH_SUCCESS_WAIT_DURATION=\"5\": not a duration; valid:",
            "HEALTH_VPN_DURATION_ADDITION|-5s|HEALTH_VPN_DURATION_ADDITION=\"-5s\": negative durations are not allowed; valid:",
            "HEALTH_RESTART_VPN|maybe|HEALTH_RESTART_VPN=\"maybe\": not a boolean; valid: on, off, yes, no, true or false",
            "HEALTH_SERVER_ADDRESS|localhost|HEALTH_SERVER_ADDRESS=\"localhost\": missing port; valid: host:port or :port",
            "HEALTH_SERVER_ADDRESS|127.0.0.1:70000|HEALTH_SERVER_ADDRESS=\"127.0.0.1:70000\": port 70000 is out of range 1-65535",
            "HEALTH_TARGET_ADDRESS|::1|HEALTH_TARGET_ADDRESS=\"::1\": \"::1\" an IPv6 address needs brackets",
            "HEALTH_TARGET_ADDRESSES|a:1,b:x|HEALTH_TARGET_ADDRESSES=\"a:1,b:x\": \"b:x\" port 'x' is not a number",
            "LOG_LEVEL|loud|LOG_LEVEL=\"loud\": not a known value; valid: debug, info, warn, error",
            "VPN_TYPE|ipsec|VPN_TYPE=\"ipsec\": not a known value; valid: openvpn, wireguard",
            "VPN_SERVICE_PROVIDER|mullvad|VPN_SERVICE_PROVIDER=\"mullvad\": provider mullvad has no servers here: tunnelkeeper has no built-in server list; valid: a SERVERS_FILE with a \"mullvad\" block",
            "VPN_INTERFACE|a-name-much-too-long|VPN_INTERFACE=\"a-name-much-too-long\": not an interface name; valid: 1 to 15",
            "OPENVPN_PROTOCOL|sctp|OPENVPN_PROTOCOL=\"sctp\": not a known value; valid: udp, tcp",
            "OPENVPN_ENDPOINT_PORT|0|OPENVPN_ENDPOINT_PORT=\"0\": port 0 is out of range 1-65535",
            "OPENVPN_VERBOSITY|9|OPENVPN_VERBOSITY=\"9\": out of range; valid: a whole number from 0 to 6",
            "OPENVPN_MSSFIX|big|OPENVPN_MSSFIX=\"big\": not a whole number; valid: a whole number from 0 to 9999",
            "OPENVPN_CUSTOM_CONFIG|/nonexistent.ovpn|OPENVPN_CUSTOM_CONFIG=\"/nonexistent.ovpn\": no readable file there; valid: the path of your .ovpn file",
            "WIREGUARD_MTU|70000|WIREGUARD_MTU=\"70000\": out of range; valid: a whole number from 576 to 9000",
            "WIREGUARD_IMPLEMENTATION|fast|WIREGUARD_IMPLEMENTATION=\"fast\": not a known value; valid: auto, kernelspace, userspace",
            "WIREGUARD_ENDPOINT_IP|300.1.1.1|WIREGUARD_ENDPOINT_IP=\"300.1.1.1\": not an IPv4 address",
            "WIREGUARD_ADDRESSES|10.0.0.1/40|WIREGUARD_ADDRESSES=\"10.0.0.1/40\": \"10.0.0.1/40\" is not an IPv4 address or CIDR",
            "WIREGUARD_PUBLIC_KEY|short|WIREGUARD_PUBLIC_KEY=\"short\": not a WireGuard key; valid: 32 bytes in base64",
            "WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL|often|WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL=\"often\": not a duration"})
    void eachBadValueIsNamedWithWhatWouldBeValid(String name, String value, String expected) {
        env.put(name, value);
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(expected), problems.get(0));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        env.put("HEALTH_VPN_DURATION_INITIAL", "x");
        env.put("HEALTH_RESTART_VPN", "x");
        env.put("LOG_LEVEL", "x");
        env.put("OPENVPN_VERBOSITY", "x");
        assertEquals(4, problems().size());
    }

    @Test
    void secretsAreNeverEchoedInProblems() {
        env.put("VPN_TYPE", "wireguard");
        env.put("WIREGUARD_PRIVATE_KEY", "my-secret-value");
        env.put("WIREGUARD_ADDRESSES", "10.9.0.2/32");
        env.put("WIREGUARD_ENDPOINT_IP", "10.0.0.1");
        env.put("WIREGUARD_PUBLIC_KEY", "x5Nh4kO0CTSzg2Sgq3rE5SLMBXNo2dsHJCp7qUAHF1Q=");
        List<String> problems = problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("WIREGUARD_PRIVATE_KEY=(secret, not shown): not a WireGuard key"), problems.get(0));
        assertFalse(problems.get(0).contains("my-secret-value"));
    }

    @Test
    void wireguardNamesEachMissingRequiredSetting() {
        env.put("VPN_TYPE", "wireguard");
        List<String> problems = problems();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("WIREGUARD_PRIVATE_KEY is not set")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("WIREGUARD_PUBLIC_KEY is not set")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("WIREGUARD_ADDRESSES is not set")));
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("WIREGUARD_ENDPOINT_IP is not set")));
    }

    @Test
    void theYamlFileIsReadAndTheEnvironmentWins() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), """
                health:
                  target_address: 10.1.1.1
                  vpn_duration_initial: 1m30s
                  restart_vpn: off
                log:
                  level: debug
                """);
        env.put("TK_CONFIG", yaml.toString());
        env.put("HEALTH_VPN_DURATION_INITIAL", "20s");
        Settings s = load();
        assertEquals(List.of(new HostPort("10.1.1.1", 443)), s.health().targets(), "port 443 added");
        assertEquals(Duration.ofSeconds(20), s.health().vpnInitial(), "env over file");
        assertFalse(s.health().restartVpn(), "YAML's bare off is a boolean false, read as off");
        assertEquals("debug", s.logLevel().id());
        assertEquals(yaml, s.file().orElseThrow());
    }

    @Test
    void anEmptyEnvironmentVariableCountsAsUnset() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), "health:\n  vpn_duration_initial: 9s\n");
        env.put("TK_CONFIG", yaml.toString());
        env.put("HEALTH_VPN_DURATION_INITIAL", "");
        assertEquals(Duration.ofSeconds(9), load().health().vpnInitial());
    }

    @Test
    void aBadYamlValueNamesTheKeyAndTheFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), "health:\n  vpn_duration_initial: soon\n");
        env.put("TK_CONFIG", yaml.toString());
        assertEquals("HEALTH_VPN_DURATION_INITIAL=\"soon\" (key health.vpn_duration_initial in " + yaml
                + "): not a duration; valid: a duration such as 6s, 1m30s or 500ms, greater than 0", problems().get(0));
    }

    @Test
    void anUnknownYamlKeyIsAProblemListingTheSectionsKeys() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), "health:\n  vpn_duration_intial: 9s\n");
        env.put("TK_CONFIG", yaml.toString());
        String p = problems().get(0);
        assertTrue(p.startsWith(yaml + ": unknown key health.vpn_duration_intial; valid keys: health.target_address"), p);
        assertTrue(p.contains("health.vpn_duration_initial"), p);
    }

    @Test
    void brokenYamlNamesTheLine() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), "health:\n  a: [1, 2\n");
        env.put("TK_CONFIG", yaml.toString());
        assertTrue(problems().get(0).startsWith(yaml + ": not valid YAML at line"), problems().get(0));
    }

    @Test
    void theSummaryMasksSecrets() throws Exception {
        env.put("OPENVPN_USER", "alice");
        env.put("OPENVPN_PASSWORD", "hunter2-very-secret");
        String summary = String.join("\n", SettingsAssembly.summary(load()));
        assertTrue(summary.contains("User: alice, password: [set]"), summary);
        assertFalse(summary.contains("hunter2"), summary);

        env.put("VPN_TYPE", "wireguard");
        env.put("WIREGUARD_PRIVATE_KEY", "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=");
        env.put("WIREGUARD_PRESHARED_KEY", "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=");
        env.put("WIREGUARD_PUBLIC_KEY", "x5Nh4kO0CTSzg2Sgq3rE5SLMBXNo2dsHJCp7qUAHF1Q=");
        env.put("WIREGUARD_ADDRESSES", "10.9.0.2/32");
        env.put("WIREGUARD_ENDPOINT_IP", "10.0.0.1");
        Settings s = load();
        summary = String.join("\n", SettingsAssembly.summary(s));
        assertTrue(summary.contains("Private key: [set], preshared key: [set]"), summary);
        assertFalse(summary.contains("yAnz5TF"), summary);
        assertFalse(summary.contains("FpCyhws9"), summary);
        assertFalse(s.vpn().wireguard().toString().contains("yAnz5TF"), "a Secret prints masked even inside a record");
    }

    @Test
    void healthTargetAddressesReplaceTheSingleOne() throws Exception {
        env.put("HEALTH_TARGET_ADDRESS", "10.0.0.9:80");
        env.put("HEALTH_TARGET_ADDRESSES", "10.0.0.1, [fd00::1]:8443,example.org");
        assertEquals(List.of(new HostPort("10.0.0.1", 443), new HostPort("fd00::1", 8443), new HostPort("example.org", 443)),
                load().health().targets());
    }

    @Test
    void openVpnCiphersAndAuth() throws Exception {
        env.put("OPENVPN_CIPHERS", "AES-256-GCM, chacha20-poly1305");
        env.put("OPENVPN_AUTH", "SHA512");
        Settings s = load();
        assertEquals(List.of("AES-256-GCM", "chacha20-poly1305"), s.vpn().openvpn().ciphers());
        assertEquals("SHA512", s.vpn().openvpn().auth());
        env.put("OPENVPN_CIPHERS", "AES-256-GCM;rm -rf");
        env.put("OPENVPN_AUTH", "SHA1,SHA256");
        assertEquals(List.of(
                "OPENVPN_CIPHERS=\"AES-256-GCM;rm -rf\": \"AES-256-GCM;rm -rf\" is not a cipher or digest name; valid: "
                        + "comma-separated cipher names such as AES-256-GCM,AES-128-GCM,CHACHA20-POLY1305",
                "OPENVPN_AUTH=\"SHA1,SHA256\": more than one digest; valid: one digest name such as SHA256"), problems());
    }

    /** A gluetun compose file for a named provider, without a servers file: one problem saying what to add. */
    @Test
    void aNamedProviderWithoutServersIsOneProblemThatPointsAtAServersFile() {
        env.remove("OPENVPN_CUSTOM_CONFIG");
        env.put("VPN_SERVICE_PROVIDER", "mullvad");
        env.put("VPN_TYPE", "wireguard");
        env.put("WIREGUARD_PRIVATE_KEY", "wOEI9rqqbDwnN8/Bpp22sVz48T71vJ4fYmFWujulwUU=");
        env.put("WIREGUARD_ADDRESSES", "10.64.222.21/32");
        assertEquals(List.of("VPN_SERVICE_PROVIDER=\"mullvad\": provider mullvad has no servers here: tunnelkeeper has no "
                + "built-in server list; valid: a SERVERS_FILE with a \"mullvad\" block, such as gluetun's servers.json (a "
                + "gluetun container's /gluetun/servers.json); or custom, with your one server in WIREGUARD_ENDPOINT_IP and "
                + "WIREGUARD_PUBLIC_KEY"), problems());
    }

    /** Without a servers file the .ovpn's remote line chooses the protocol: the summary says so, not OPENVPN_PROTOCOL's udp. */
    @Test
    void theSummaryShowsTheProtocolTheOvpnsServerIsReachedOver() throws Exception {
        Path ovpn = Files.writeString(dir.resolve("tcp.ovpn"), "client\ndev tun\nproto tcp-client\nremote 203.0.113.7 443\n");
        env.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
        env.put("SERVERS_FILE", "");
        String summary = String.join("\n", SettingsAssembly.summary(load()));
        assertTrue(summary.contains("Protocol: tcp (the .ovpn's remote/proto line; OPENVPN_PROTOCOL=udp applies to a servers file)"),
                summary);
        Files.writeString(ovpn, "client\ndev tun\nremote 203.0.113.7 1194 udp\n");
        summary = String.join("\n", SettingsAssembly.summary(load()));
        assertTrue(summary.contains("Protocol: udp, endpoint port"), summary);
    }
}
