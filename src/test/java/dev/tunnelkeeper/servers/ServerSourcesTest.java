package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSourcesTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();

    private CatalogConnectionSource load(ServerSettings servers, VpnSettings vpn) throws SettingsException {
        return ServerSources.load(servers, vpn, time, new Random(1));
    }

    private List<String> problems(ServerSettings servers, VpnSettings vpn) {
        return assertThrows(SettingsException.class, () -> load(servers, vpn)).problems();
    }

    private ServerSettings noFile() {
        return Fixtures.serverSettings(dir.resolve("absent.json"), false);
    }

    private static ServerSettings filtered(ServerSettings s, List<String> countries, ServerSettings.Selection selection) {
        return new ServerSettings(s.file(), s.fileRequired(), s.regions(), countries, s.cities(), s.hostnames(),
                s.names(), selection, s.cooldown());
    }

    @Test
    void withoutAFileTheOvpnsRemoteIsTheOneServerAndItsProtocolWins() throws Exception {
        Path ovpn = Files.writeString(dir.resolve("provider-se.ovpn"), "client\nremote 203.0.113.7 1194 tcp\n");
        try (LogCapture log = new LogCapture()) {
            CatalogConnectionSource source = load(filtered(noFile(), List.of("Norway"), ServerSettings.Selection.RANDOM),
                    Fixtures.openVpn(Optional.of(ovpn), Protocol.UDP));
            assertEquals(new Connection("provider-se.ovpn", new Endpoint("203.0.113.7", 1194, Protocol.TCP), Optional.empty(), ""),
                    source.next());
            assertEquals(1, log.count("WARN [servers] SERVER_REGIONS, SERVER_COUNTRIES, SERVER_CITIES, SERVER_HOSTNAMES and "
                    + "SERVER_NAMES are ignored: without a servers file the one server of OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" is used"),
                    log.lines().toString());
        }
    }

    @Test
    void theOvpnsServerTakesOpenVpnEndpointPort() throws Exception {
        Path ovpn = Files.writeString(dir.resolve("c.ovpn"), "remote 203.0.113.7\n");
        VpnSettings base = Fixtures.openVpn(Optional.of(ovpn), Protocol.UDP);
        VpnSettings vpn = new VpnSettings(base.type(), base.provider(), base.iface(),
                Fixtures.openVpnSettings(Optional.of(ovpn), Protocol.UDP, Optional.of(1443)), base.wireguard());
        assertEquals(new Endpoint("203.0.113.7", 1443, Protocol.UDP), load(noFile(), vpn).next().endpoint());
    }

    @Test
    void withoutAFileWireGuardsEndpointIsTheOneServer() throws Exception {
        CatalogConnectionSource source = load(noFile(),
                Fixtures.wireGuard(Optional.of("198.51.100.9"), Optional.empty(), Optional.of(Fixtures.KEY)));
        assertEquals(new Connection("198.51.100.9", new Endpoint("198.51.100.9", 51820, Protocol.UDP), Optional.of(Fixtures.KEY), ""),
                source.next());
    }

    @Test
    void withoutAFileOrAnEnvironmentServerTheErrorSaysWhatToSet() {
        String why = "no server to connect to: SERVERS_FILE is not set and " + dir.resolve("absent.json") + " does not exist";
        assertEquals(List.of(why + " and WIREGUARD_ENDPOINT_IP and WIREGUARD_PUBLIC_KEY are not set; valid: a servers file "
                        + "(SERVERS_FILE), or WIREGUARD_ENDPOINT_IP and WIREGUARD_PUBLIC_KEY naming the server"),
                problems(noFile(), Fixtures.wireGuard(Optional.empty(), Optional.empty(), Optional.empty())));
        assertEquals(List.of(why + " and OPENVPN_CUSTOM_CONFIG is not set; valid: a servers file (SERVERS_FILE), "
                        + "or OPENVPN_CUSTOM_CONFIG naming an .ovpn file with a remote line"),
                problems(noFile(), Fixtures.openVpn(Optional.empty(), Protocol.UDP)));
    }

    @Test
    void aMissingFileThatWasAskedForIsAnError() {
        Path absent = dir.resolve("servers.json");
        assertEquals(List.of("SERVERS_FILE=\"" + absent + "\": no such file; valid: the path of a servers file shaped like "
                        + "config/servers.example.json, or unset to use the single server of OPENVPN_CUSTOM_CONFIG or WIREGUARD_ENDPOINT_IP"),
                problems(Fixtures.serverSettings(absent, true), Fixtures.openVpn(Optional.empty(), Protocol.UDP)));
        assertTrue(problems(Fixtures.serverSettings(dir, true), Fixtures.openVpn(Optional.empty(), Protocol.UDP))
                .get(0).startsWith("SERVERS_FILE=\"" + dir + "\": a directory without manifest.json; valid: gluetun's servers directory"));
    }

    @Test
    void theDefaultFileWhenPresentWinsOverTheEnvironment() throws Exception {
        Path file = Files.copy(Path.of("config/servers.example.json"), dir.resolve("servers.json"));
        ServerSettings servers = Fixtures.serverSettings(file, false);
        assertTrue(ServerCatalogLoader.usesFile(servers));
        assertFalse(ServerCatalogLoader.usesFile(noFile()));
        CatalogConnectionSource source = load(filtered(servers, List.of(), ServerSettings.Selection.ORDERED),
                Fixtures.wireGuard(Optional.of("192.0.2.99"), Optional.empty(), Optional.of(Fixtures.KEY)));
        assertEquals(List.of("se-sto-wg-001", "no-osl-wg-001"),
                source.snapshot().stream().map(c -> c.server().name()).toList());
    }

    @Test
    void theExampleFileFilteredForNorwegianWireGuard() throws Exception {
        ServerSettings servers = filtered(Fixtures.serverSettings(Path.of("config/servers.example.json"), true),
                List.of("norway"), ServerSettings.Selection.RANDOM);
        Connection c = load(servers, Fixtures.wireGuard(Optional.empty(), Optional.empty(), Optional.empty())).next();
        assertEquals(new Connection("no-osl-wg-001", new Endpoint("198.51.100.50", 51821, Protocol.UDP),
                Optional.of("ZXhhbXBsZS13aXJlZ3VhcmQta2V5LW5vLW9zbC0wMDE="), "Norway/Oslo/Oslo"), c);
    }

    @Test
    void noMatchStopsStartUpWithGluetunsMessage() {
        ServerSettings servers = filtered(Fixtures.serverSettings(Path.of("config/servers.example.json"), true),
                List.of("Atlantis"), ServerSettings.Selection.RANDOM);
        assertEquals(List.of("no server found: for VPN openvpn; protocol udp; country Atlantis "
                        + "(none of the 5 servers of config/servers.example.json matches)"),
                problems(servers, Fixtures.openVpn(Optional.empty(), Protocol.UDP)));
    }

    @Test
    void aFileWithoutAUsableServerStopsStartUpInOneLineWithEveryProblemOfTheEntry() throws IOException {
        Path file = Files.writeString(dir.resolve("bad.json"), "{\"servers\": [{\"vpn\": \"openvpn\", \"ips\": [\"1.2.3\"]}]}");
        List<String> problems = problems(Fixtures.serverSettings(file, true), Fixtures.openVpn(Optional.empty(), Protocol.UDP));
        assertEquals(1, problems.size(), "one line, every problem of the entry in it: " + problems);
        assertTrue(problems.get(0).startsWith(file + ": servers[0].ips[0]: \"1.2.3\" is not an IP address"), problems.get(0));
        assertTrue(problems.get(0).endsWith("; also servers[0]: an openvpn server with neither \"tcp\" nor \"udp\" set to true"), problems.get(0));
    }

    @Test
    void theStartUpLineSaysWhatMatchedAndHowItChooses() throws Exception {
        ServerSettings servers = filtered(Fixtures.serverSettings(Path.of("config/servers.example.json"), true),
                List.of("Sweden"), ServerSettings.Selection.ORDERED);
        try (LogCapture log = new LogCapture()) {
            load(servers, Fixtures.openVpn(Optional.empty(), Protocol.UDP));
            assertEquals(1, log.count("INFO [servers] 2 of 5 servers of config/servers.example.json match VPN openvpn; "
                    + "protocol udp; country Sweden; selection ordered, cool-down 5m0s"), log.lines().toString());
        }
        assertEquals(Duration.ofMinutes(5), servers.cooldown());
    }
}
