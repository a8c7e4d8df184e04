package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.log.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServersFileReaderTest {
    private static final String GOOD = "{\"vpn\": \"openvpn\", \"server_name\": \"ok\", \"ips\": [\"203.0.113.1\"], \"udp\": true}";

    @TempDir
    Path dir;
    private final List<String> problems = new ArrayList<>();

    private List<Server> read(String json, String provider) throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), json);
        return ServersFileReader.read(file, provider, problems);
    }

    private String file() {
        return dir.resolve("servers.json").toString();
    }

    @Test
    void theBareShapeWithEveryField() throws IOException {
        List<Server> servers = read("""
                {"servers": [
                  {"vpn": "openvpn", "country": "Sweden", "region": "Stockholm County", "city": "Stockholm",
                   "hostname": "se1.vpn.example", "server_name": "se-1", "ips": ["203.0.113.10", "2001:db8::1"],
                   "tcp": true, "udp": false, "port": 443, "isp": "ignored", "owned": true},
                  {"vpn": "WireGuard", "hostname": "wg.vpn.example", "ips": ["198.51.100.7"],
                   "wgpubkey": "%s"}
                ]}""".formatted(Fixtures.KEY), "custom");
        assertEquals(List.of(), problems);
        assertEquals(new Server(0, VpnType.OPENVPN, "Sweden", "Stockholm County", "Stockholm", "se1.vpn.example", "se-1",
                List.of("203.0.113.10", "2001:db8::1"), true, false, Optional.empty(), Optional.of(443),
                java.util.Set.of(dev.tunnelkeeper.config.ServerFeature.OWNED)), servers.get(0));
        assertEquals(new Server(1, VpnType.WIREGUARD, "", "", "", "wg.vpn.example", "", List.of("198.51.100.7"),
                false, false, Optional.of(Fixtures.KEY), Optional.empty()), servers.get(1));
        assertEquals("wg.vpn.example", servers.get(1).name());
        assertEquals(List.of("203.0.113.10"), servers.get(0).connectableIps());
    }

    @Test
    void gluetunsWholeFileUsesTheProvidersBlock() throws IOException {
        List<Server> servers = read("""
                {"version": 1,
                 "cyberghost": {"version": 3, "timestamp": 1, "servers": [{"vpn": "openvpn", "ips": ["bad"]}]},
                 "mullvad": {"version": 4, "timestamp": 2, "servers": [%s]}}""".formatted(GOOD), "Mullvad");
        assertEquals(List.of(), problems);
        assertEquals(List.of("ok"), servers.stream().map(Server::name).toList());
    }

    @Test
    void gluetunsWholeFileWithoutTheProvidersBlockNamesTheBlocksThere() throws IOException {
        read("{\"version\": 1, \"mullvad\": {\"servers\": []}, \"nordvpn\": {\"servers\": []}}", "custom");
        assertEquals(List.of(file() + ": no \"servers\" list and no block for VPN_SERVICE_PROVIDER=custom "
                + "(blocks here: mullvad, nordvpn); valid: {\"servers\": [...]} as in config/servers.example.json, or gluetun's "
                + "servers.json {\"version\": 1, \"<provider>\": {\"servers\": [...]}} with VPN_SERVICE_PROVIDER naming the block"),
                problems);
    }

    @Test
    void problemsInABlockNameTheBlock() throws IOException {
        read("{\"version\": 1, \"mullvad\": {\"servers\": [{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"1.2.3\"]}]}}",
                "mullvad");
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(file() + " (block \"mullvad\"): servers[0].ips[0]: \"1.2.3\" is not an IP address; valid: "),
                problems.get(0));
    }

    /** gluetun's servers.json has such entries: AirVPN servers with "ips": [""], PrivateVPN ones without "vpn". */
    @Test
    void aBadEntryIsSkippedWithOneWarningNamingItAndTheRestLoad() throws IOException {
        try (LogCapture log = new LogCapture()) {
            List<Server> airvpn = read("""
                    {"version": 1,
                     "airvpn": {"version": 1, "timestamp": 1700000000, "servers": [
                       {"vpn": "openvpn", "country": "Sweden", "city": "Stockholm", "server_name": "Alruba",
                        "hostname": "se3.vpn.airdns.org", "tcp": true, "udp": true, "ips": ["192.0.2.33"]},
                       {"vpn": "openvpn", "country": "Sweden", "city": "Stockholm", "server_name": "Ain",
                        "hostname": "se4.vpn.airdns.org", "tcp": true, "udp": true, "ips": [""]},
                       {"vpn": "wireguard", "country": "Sweden", "server_name": "Alnair", "hostname": "se5.vpn.airdns.org",
                        "wgpubkey": "%s", "ips": ["192.0.2.35"]}]},
                     "privatevpn": {"version": 1, "timestamp": 1700000000, "servers": [
                       {"country": "Italy", "city": "Milan", "hostname": "it-mil.pvdata.host", "tcp": true, "udp": true,
                        "ips": ["198.51.100.60"]},
                       {"vpn": "openvpn", "country": "Italy", "city": "Milan", "hostname": "it-mil2.pvdata.host",
                        "tcp": true, "udp": true, "ips": ["198.51.100.61"]}]}}""".formatted(Fixtures.KEY), "airvpn");
            assertEquals(List.of(), problems);
            assertEquals(List.of("Alruba", "Alnair"), airvpn.stream().map(Server::name).toList());
            assertEquals(List.of("WARN [servers] " + file() + " (block \"airvpn\"): skipping servers[1] (\"Ain\"): "
                    + "servers[1].ips[0]: \"\" is not an IP address; valid: an IPv4 or IPv6 address such as \"203.0.113.7\""),
                    log.lines());
        }
        try (LogCapture log = new LogCapture()) {
            List<Server> privatevpn = ServersFileReader.read(dir.resolve("servers.json"), "privatevpn", problems);
            assertEquals(List.of(), problems);
            assertEquals(List.of("it-mil2.pvdata.host"), privatevpn.stream().map(Server::name).toList());
            assertEquals(List.of("WARN [servers] " + file() + " (block \"privatevpn\"): skipping servers[0] (\"it-mil.pvdata.host\"): "
                    + "servers[0].vpn: missing; valid: \"openvpn\" or \"wireguard\""), log.lines());
        }
    }

    @Test
    void anEntryWithSeveralProblemsIsOneWarning() throws IOException {
        try (LogCapture log = new LogCapture()) {
            read("{\"servers\": [" + GOOD + ", {\"vpn\": \"openvpn\", \"udp\": \"yes\", \"ips\": [\"1.2.3\"], \"port\": 0}]}", "custom");
            assertEquals(List.of("WARN [servers] " + file() + ": skipping servers[1].udp: \"yes\" is not a boolean; valid: true or false "
                    + "(without quotes); also servers[1].ips[0]: \"1.2.3\" is not an IP address; also servers[1].port: 0 is not a port"),
                    log.lines());
        }
    }

    @Test
    void manyBadEntriesAreWarnedAboutTenAtMost() throws IOException {
        String bad = "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"\"]}";
        try (LogCapture log = new LogCapture()) {
            List<Server> servers = read("{\"servers\": [" + GOOD + (", " + bad).repeat(25) + "]}", "custom");
            assertEquals(1, servers.size());
            assertEquals(ServersFileReader.MAX_SKIP_WARNINGS + 1, log.lines().size(), log.lines().toString());
            assertEquals("WARN [servers] " + file() + ": skipping 15 more bad servers (not listed)", log.lines().getLast());
        }
    }

    @Test
    void withNoUsableServerTheFileIsRefusedInOneLine() throws IOException {
        read("{\"servers\": [{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"\"]}, {\"udp\": true, \"ips\": [\"203.0.113.1\"]}]}", "custom");
        assertEquals(List.of(file() + ": servers[0].ips[0]: \"\" is not an IP address; valid: an IPv4 or IPv6 address such as "
                + "\"203.0.113.7\" (and each of the other 1 servers has a problem too: none is usable)"), problems);
    }

    /** Each bad server sits at index 1, after a good one, so the index in the message is checked too. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"1.2.3\"]}               | servers[1].ips[0]: \"1.2.3\" is not an IP address; valid: an IPv4 or IPv6 address",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"203.0.113.1\", 12]}     | servers[1].ips[1]: 12 is not an IP address",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"vpn.example\"]}         | servers[1].ips[0]: \"vpn.example\" is not an IP address",
            "{\"vpn\": \"openvpn\", \"udp\": true}                                     | servers[1].ips: missing; valid: a list of IP addresses",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": \"203.0.113.1\"}           | servers[1].ips: \"203.0.113.1\" is not a list",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": []}                        | servers[1].ips: empty",
            "{\"udp\": true, \"ips\": [\"203.0.113.1\"]}                               | servers[1].vpn: missing; valid: \"openvpn\" or \"wireguard\"",
            "{\"vpn\": \"ipsec\", \"ips\": [\"203.0.113.1\"]}                          | servers[1].vpn: \"ipsec\" is not a VPN type; valid: \"openvpn\" or \"wireguard\"",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"203.0.113.1\"], \"country\": 12} | servers[1].country: 12 is not a string",
            "{\"vpn\": \"openvpn\", \"udp\": \"yes\", \"ips\": [\"203.0.113.1\"]}      | servers[1].udp: \"yes\" is not a boolean; valid: true or false",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"203.0.113.1\"], \"port\": 70000} | servers[1].port: 70000 is not a port; valid: a whole number from 1 to 65535",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"203.0.113.1\"], \"port\": \"443\"} | servers[1].port: \"443\" is not a port",
            "{\"vpn\": \"openvpn\", \"udp\": true, \"ips\": [\"203.0.113.1\"], \"port\": 1.5} | servers[1].port: 1.5 is not a port",
            "{\"vpn\": \"wireguard\", \"ips\": [\"203.0.113.1\"], \"wgpubkey\": \"abc\"} | servers[1].wgpubkey: \"abc\" is not a WireGuard public key; valid: 32 bytes in base64",
            "{\"vpn\": \"openvpn\", \"ips\": [\"203.0.113.1\"]}                        | servers[1]: an openvpn server with neither \"tcp\" nor \"udp\" set to true",
            "[\"203.0.113.1\"]                                                         | servers[1]: [\"203.0.113.1\"] is not an object"})
    void everyBadFieldIsNamedWithItsIndex(String bad, String expected) throws IOException {
        try (LogCapture log = new LogCapture()) {
            List<Server> servers = read("{\"servers\": [" + GOOD + ", " + bad + "]}", "custom");
            assertEquals(List.of(), problems);
            assertEquals(List.of("ok"), servers.stream().map(Server::name).toList(), "the good server loads");
            assertEquals(1, log.lines().size(), log.lines().toString());
            assertTrue(log.lines().get(0).startsWith("WARN [servers] " + file() + ": skipping " + expected), log.lines().get(0));
        }
        // Alone in the file, the same entry refuses it with the same words.
        problems.clear();
        assertEquals(List.of(), read("{\"servers\": [" + bad.replace("servers[1]", "servers[0]") + "]}", "custom"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file() + ": " + expected.replace("servers[1]", "servers[0]")), problems.get(0));
    }

    /** Parsson's column is where the bad token ends (the closing quote of a string). */
    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\n  \"servers\": [\n    {\"vpn\": \"openvpn\",,}\n  ]\n}` | not valid JSON at line 3, column 23: found ','; expected a string",
            "`{\"servers\": [{\"vpn\" \"openvpn\"}]}`                     | not valid JSON at line 1, column 29: found a string; expected ':'",
            "`{\"servers\": [\n  {\"vpn\": \"openvpn\"}\n`                | not valid JSON at line 2, column 21: the file ends too early: a closing ']' or '}' is missing",
            "`{\"servers\": [`                                             | not valid JSON at line 1, column 14: the file ends too early: a closing ']' or '}' is missing",
            "`\n`                                                          | not valid JSON at line 1, column 1: the file is empty",
            "`{\"servers\": [{\"udp\": tru}]}`                              | not valid JSON at line 1, column 25: unexpected character '}'",
            "`{\"servers\": []} x`                                         | not valid JSON at line 1, column 17: unexpected character 'x'",
            "`{\"servers\": []}\n\n  {`                                     | not valid JSON at line 3, column 3: found '{' after the end of the JSON value"})
    void parseErrorsNameLineAndColumn(String json, String expected) throws IOException {
        read(json, "custom");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file() + ": " + expected), problems.get(0));
        assertTrue(problems.get(0).endsWith("; valid: JSON shaped like config/servers.example.json"), problems.get(0));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`[]`                    | the top level is [], not an object",
            "`{\"servers\": {}}`     | servers: {} is not a list",
            "`{\"servers\": []}`     | servers: empty; valid: a list of servers"})
    void badShapes(String json, String expected) throws IOException {
        read(json, "custom");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(file() + ": " + expected), problems.get(0));
    }

    @Test
    void theShippedExampleLoads() {
        List<Server> servers = ServersFileReader.read(Path.of("config/servers.example.json"), "custom", problems);
        assertEquals(List.of(), problems);
        assertEquals(5, servers.size());
        assertTrue(servers.stream().allMatch(s -> !s.connectableIps().isEmpty()));
    }
}
