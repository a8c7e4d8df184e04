package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnType;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerFilterTest {
    private static final List<Server> CATALOGUE = List.of(
            server(0, "se-sto-1", VpnType.OPENVPN, "Sweden", "Stockholm County", "Stockholm", true, true, false, "203.0.113.1"),
            server(1, "se-got-1", VpnType.OPENVPN, "Sweden", "Vastra Gotaland", "Gothenburg", false, true, false, "203.0.113.2"),
            server(2, "no-osl-1", VpnType.OPENVPN, "Norway", "Oslo", "Oslo", true, false, false, "198.51.100.1"),
            server(3, "se-sto-wg", VpnType.WIREGUARD, "Sweden", "Stockholm County", "Stockholm", false, false, true, "203.0.113.3"),
            server(4, "no-osl-wg", VpnType.WIREGUARD, "Norway", "Oslo", "Oslo", false, false, true, "198.51.100.2"),
            server(5, "de-nokey-wg", VpnType.WIREGUARD, "Germany", "Berlin", "Berlin", false, false, false, "198.51.100.3"),
            server(6, "se-v6-only", VpnType.OPENVPN, "Sweden", "Stockholm County", "Stockholm", true, true, false, "2001:db8::1"));

    private static Server server(int index, String name, VpnType vpn, String country, String region, String city,
                                 boolean tcp, boolean udp, boolean key, String ip) {
        return new Server(index, vpn, country, region, city, name + ".vpn.example", name, List.of(ip), tcp, udp,
                key ? Optional.of(Fixtures.KEY) : Optional.empty(), Optional.empty());
    }

    private static List<String> list(String csv) {
        return csv == null ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }

    private static ServerFilter filter(VpnType vpn, Protocol protocol, String countries, String regions, String cities,
                                       String hostnames, String names) {
        return new ServerFilter(vpn, Optional.ofNullable(protocol), list(countries), list(regions), list(cities),
                list(hostnames), list(names));
    }

    /** Columns: vpn | protocol | countries | regions | cities | hostnames | names | the matches, in priority order. */
    @ParameterizedTest(name = "[{index}] {0} {1} countries={2} regions={3} cities={4} hostnames={5} names={6}")
    @CsvSource(delimiter = '|', value = {
            "OPENVPN   | UDP |               |                 |                   |                      |                   | se-sto-1, se-got-1",
            "OPENVPN   | TCP |               |                 |                   |                      |                   | se-sto-1, no-osl-1",
            "WIREGUARD |     |               |                 |                   |                      |                   | se-sto-wg, no-osl-wg",
            "OPENVPN   | UDP | sweden        |                 |                   |                      |                   | se-sto-1, se-got-1",
            "OPENVPN   | TCP | Norway,Sweden |                 |                   |                      |                   | no-osl-1, se-sto-1",
            "OPENVPN   | UDP | Sweden        | vastra gotaland |                   |                      |                   | se-got-1",
            "OPENVPN   | UDP |               |                 | GOTHENBURG,stockholm |                   |                   | se-got-1, se-sto-1",
            "OPENVPN   | UDP |               |                 |                   | SE-GOT-1.vpn.example |                   | se-got-1",
            "OPENVPN   | UDP |               |                 |                   |                      | se-got-1,se-sto-1 | se-got-1, se-sto-1",
            "OPENVPN   | TCP | Norway,Sweden |                 |                   |                      | se-sto-1,no-osl-1 | se-sto-1, no-osl-1",
            "WIREGUARD |     | Norway,Sweden | Oslo            |                   |                      |                   | no-osl-wg",
            "OPENVPN   | UDP | Norway        |                 |                   |                      |                   | ''",
            "OPENVPN   | UDP | Sweden        | Oslo            |                   |                      |                   | ''",
            "WIREGUARD |     | Germany       |                 |                   |                      |                   | ''",
            "OPENVPN   |     | Sweden        |                 |                   |                      |                   | se-sto-1, se-got-1"})
    void filtersAndPriority(VpnType vpn, Protocol protocol, String countries, String regions, String cities,
                            String hostnames, String names, String expected) {
        List<String> matched = filter(vpn, protocol, countries, regions, cities, hostnames, names).apply(CATALOGUE)
                .stream().map(Server::name).toList();
        assertEquals(expected.isEmpty() ? List.of() : list(expected), matched);
    }

    @ParameterizedTest(name = "{6}")
    @CsvSource(delimiter = '|', value = {
            "OPENVPN   | UDP |               | X      |      |                |      | no server found: for VPN openvpn; protocol udp; region X (none of the 7 servers of test.json matches)",
            "OPENVPN   | TCP | Norway,Sweden |        | Oslo |                |      | no server found: for VPN openvpn; protocol tcp; countries Norway, Sweden; city Oslo (none of the 7 servers of test.json matches)",
            "WIREGUARD |     |               |        |      | a.example,b.example | c | no server found: for VPN wireguard; hostnames a.example, b.example; name c (none of the 7 servers of test.json matches)"})
    void noMatchSaysWhatWasAskedForAsGluetunDoes(VpnType vpn, Protocol protocol, String countries, String regions,
                                                 String cities, String hostnames, String names, String expected) {
        ServerFilter filter = filter(vpn, protocol, countries, regions, cities, hostnames, names);
        assertEquals(expected, filter.noMatch(new ServerCatalog("test.json", CATALOGUE, false)));
    }

    @Test
    void noMatchHintsAtTheWrongVpnTypeAndMissingKeys() {
        ServerFilter wireguard = ServerFilter.vpnOnly(VpnType.WIREGUARD);
        assertEquals("no server found: for VPN wireguard (none of the 3 servers of f.json matches; none is a wireguard server)",
                wireguard.noMatch(new ServerCatalog("f.json", CATALOGUE.subList(0, 3), false)));
        assertEquals("no server found: for VPN wireguard (none of the 1 server of f.json matches; no wireguard server has a wgpubkey)",
                wireguard.noMatch(new ServerCatalog("f.json", CATALOGUE.subList(5, 6), false)));
    }
}
