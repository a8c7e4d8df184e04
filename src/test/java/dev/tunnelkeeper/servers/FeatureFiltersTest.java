package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.ServerFeature;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.app.SettingsAssembly;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gluetun's FREE_ONLY, STREAM_ONLY, ... honoured from the servers file's booleans: never a server the user excluded. */
class FeatureFiltersTest {
    // ProtonVPN's and Mullvad's blocks as gluetun's servers.json writes them.
    private static final String SERVERS_JSON = """
            {"version": 1,
             "protonvpn": {"version": 4, "timestamp": 1700000000, "servers": [
               {"vpn": "openvpn", "country": "Netherlands", "city": "Amsterdam", "server_name": "NL-FREE#1",
                "hostname": "node-nl-01.protonvpn.net", "free": true, "udp": true, "tcp": true, "ips": ["203.0.113.1"]},
               {"vpn": "openvpn", "country": "Netherlands", "city": "Amsterdam", "server_name": "NL#7",
                "hostname": "node-nl-07.protonvpn.net", "stream": true, "port_forward": true, "udp": true, "tcp": true,
                "ips": ["203.0.113.7"]},
               {"vpn": "openvpn", "country": "Switzerland", "server_name": "CH-NL#1", "hostname": "node-ch-01.protonvpn.net",
                "secure_core": true, "stream": true, "udp": true, "ips": ["203.0.113.9"]}]},
             "mullvad": {"version": 4, "timestamp": 1700000000, "servers": [
               {"vpn": "openvpn", "country": "Sweden", "city": "Gothenburg", "hostname": "se-got-001", "isp": "31173",
                "udp": true, "tcp": true, "ips": ["198.51.100.1"]},
               {"vpn": "openvpn", "country": "Sweden", "city": "Gothenburg", "hostname": "se-got-002", "isp": "31173",
                "owned": true, "udp": true, "tcp": true, "ips": ["198.51.100.2"]}]}}
            """;

    @TempDir
    Path dir;

    private List<String> chosen(String provider, Set<ServerFeature> required) throws Exception {
        Path file = Files.writeString(dir.resolve("servers.json"), SERVERS_JSON);
        ServerSettings s = Fixtures.serverSettings(file, true);
        ServerSettings filtered = new ServerSettings(s.file(), true, s.regions(), s.countries(), s.cities(), s.hostnames(),
                s.names(), ServerSettings.Selection.ORDERED, s.cooldown(), required);
        VpnSettings vpn = Fixtures.withProvider(Fixtures.openVpn(Optional.empty(), Protocol.UDP), provider);
        CatalogConnectionSource source = ServerSources.load(filtered, vpn, new VirtualScheduler(), new Random(1));
        Set<String> names = new HashSet<>();
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var c = source.next();
            if (names.add(c.serverName())) {
                order.add(c.serverName());
            }
            source.connectFailed(c, "test");
        }
        return order.stream().sorted().toList();
    }

    @Test
    void eachOnlyFilterKeepsTheServersWithItsFlag() throws Exception {
        assertEquals(List.of("CH-NL#1", "NL#7", "NL-FREE#1"), chosen("protonvpn", Set.of()));
        assertEquals(List.of("NL-FREE#1"), chosen("protonvpn", Set.of(ServerFeature.FREE)));
        assertEquals(List.of("CH-NL#1", "NL#7"), chosen("protonvpn", Set.of(ServerFeature.STREAM)));
        assertEquals(List.of("CH-NL#1"), chosen("protonvpn", Set.of(ServerFeature.STREAM, ServerFeature.SECURE_CORE)));
        assertEquals(List.of("NL#7"), chosen("protonvpn", Set.of(ServerFeature.PORT_FORWARD)));
        assertEquals(List.of("se-got-002"), chosen("mullvad", Set.of(ServerFeature.OWNED)));
    }

    @Test
    void noServerWithTheFlagStopsTheStartSayingWhy() {
        SettingsException e = assertThrows(SettingsException.class, () -> chosen("mullvad", Set.of(ServerFeature.FREE)));
        assertEquals(List.of("no server found: for VPN openvpn; protocol udp; free only (none of the 2 servers of "
                + dir.resolve("servers.json") + " matches; no openvpn server has \"free\": true, which "
                + "FREE_ONLY=on asks for)"), e.problems());
    }

    @Test
    void withoutAServersFileTheOneServerCannotBeCheckedSoTheStartStops() throws Exception {
        Path ovpn = Files.writeString(dir.resolve("c.ovpn"), "client\nremote 203.0.113.7 1194\n");
        ServerSettings s = Fixtures.serverSettings(dir.resolve("absent.json"), false);
        ServerSettings free = new ServerSettings(s.file(), false, s.regions(), s.countries(), s.cities(), s.hostnames(),
                s.names(), s.selection(), s.cooldown(), Set.of(ServerFeature.FREE));
        SettingsException e = assertThrows(SettingsException.class, () -> ServerSources.load(free,
                Fixtures.openVpn(Optional.of(ovpn), Protocol.UDP), new VirtualScheduler(), new Random(1)));
        assertEquals(List.of("FREE_ONLY=on: OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" is the only server and nothing says it is "
                + "one of the free servers (ProtonVPN, VPN Unlimited); valid: a SERVERS_FILE whose servers have \"free\": true, "
                + "or FREE_ONLY=off"), e.problems());
    }

    @Test
    void theSettingsAreGluetunsBooleans() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString());
        env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 203.0.113.1 1194\n").toString());
        env.put("FREE_ONLY", "yes");
        env.put("STREAM_ONLY", "off");
        env.put("OWNED_ONLY", "maybe");
        List<String> problems = new ArrayList<>();
        ServerSettings servers = SettingsAssembly.read(env, problems).servers();
        assertEquals(Set.of(ServerFeature.FREE), servers.required());
        assertEquals(List.of("OWNED_ONLY=\"maybe\": not a boolean; valid: " + RawSettings.BOOLEANS + " (on: only servers the "
                + "provider owns (Mullvad), those with \"owned\": true in the servers file)"), problems);
    }
}
