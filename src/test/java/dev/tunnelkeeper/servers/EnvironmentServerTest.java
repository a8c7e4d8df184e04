package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.VpnSettings;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider .ovpn files as they are handed out: most name their servers by host name, many list several remotes
 * (gluetun, like this product before, took only the first remote and refused names). Names go to a resolver given
 * here; the product's is the system's, asked before the kill switch closes.
 */
class EnvironmentServerTest {
    @TempDir
    Path dir;
    private final List<String> problems = new ArrayList<>();
    private final List<String> asked = new ArrayList<>();
    private final Map<String, List<String>> dns = Map.of(
            "nl1.vpn.example", List.of("203.0.113.11", "203.0.113.12"),
            "nl2.vpn.example", List.of("203.0.113.21"));
    private final HostResolver resolver = host -> {
        asked.add(host);
        List<String> ips = dns.get(host);
        if (ips == null) {
            throw new UnknownHostException(host + ": Name or service not known");
        }
        return ips;
    };

    private ServerSettings noFile() {
        return Fixtures.serverSettings(dir.resolve("absent.json"), false);
    }

    private Optional<ServerCatalog> load(String ovpn) throws Exception {
        Path file = Files.writeString(dir.resolve("provider.ovpn"), ovpn);
        VpnSettings vpn = Fixtures.openVpn(Optional.of(file), Protocol.UDP);
        return ServerCatalogLoader.load(noFile(), vpn, problems, resolver);
    }

    @Test
    void everyRemoteIsAServerAndANameIsResolvedToItsAddresses() throws Exception {
        ServerCatalog catalog = load("""
                client
                remote nl1.vpn.example 1194
                remote nl2.vpn.example 443 tcp
                remote 203.0.113.31 1195
                remote-random
                """).orElseThrow(() -> new AssertionError(problems));
        assertEquals(List.of(), problems);
        assertEquals(List.of("nl1.vpn.example", "nl2.vpn.example", "203.0.113.31"),
                catalog.servers().stream().map(Server::name).toList());
        Server first = catalog.servers().get(0);
        assertEquals(List.of("203.0.113.11", "203.0.113.12"), first.ips());
        assertEquals("nl1.vpn.example", first.hostname());
        assertTrue(first.udp() && !first.tcp());
        Server second = catalog.servers().get(1);
        assertTrue(second.tcp() && !second.udp());
        assertEquals(Optional.of(443), second.port());
        assertEquals(List.of("nl1.vpn.example", "nl2.vpn.example"), asked, "an address is not looked up");
    }

    @Test
    void oneRemoteIsNamedAfterItsFileAsBefore() throws Exception {
        ServerCatalog catalog = load("client\nremote nl1.vpn.example 1194\n").orElseThrow();
        assertEquals(List.of("provider.ovpn"), catalog.servers().stream().map(Server::name).toList());
        assertEquals(List.of("203.0.113.11", "203.0.113.12"), catalog.servers().get(0).ips());
    }

    @Test
    void aNameThatDoesNotResolveStopsTheStartSayingWhy() throws Exception {
        assertEquals(Optional.empty(), load("client\nremote nl1.vpn.example\nremote gone.vpn.example 1194\n"));
        assertEquals(List.of("OPENVPN_CUSTOM_CONFIG=\"" + dir.resolve("provider.ovpn") + "\": cannot resolve gone.vpn.example "
                + "(gone.vpn.example: Name or service not known); valid: a host name the container's resolver knows, or the "
                + "server's IPv4 address"), problems);
    }

    @Test
    void theSameHostOnTwoPortsIsTwoServers() throws Exception {
        ServerCatalog catalog = load("client\nremote nl2.vpn.example 1194\nremote nl2.vpn.example 443 tcp\n").orElseThrow();
        assertEquals(List.of("nl2.vpn.example:1194", "nl2.vpn.example:443"), catalog.servers().stream().map(Server::name).toList());
    }
}
