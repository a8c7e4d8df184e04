package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Endpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A gluetun servers.json gives no ports: each provider's own defaults are used, the settings still win. */
class ProviderPortsTest {
    // The shape of gluetun's servers.json: provider blocks keyed by gluetun's provider names, no "port" fields.
    private static final String SERVERS_JSON = """
            {"version": 1,
             "nordvpn": {"version": 5, "timestamp": 1700000000, "servers": [
               {"vpn": "openvpn", "country": "Netherlands", "region": "Europe", "city": "Amsterdam",
                "hostname": "nl980.nordvpn.com", "number": 980, "tcp": true, "udp": true, "ips": ["203.0.113.98"]},
               {"vpn": "wireguard", "country": "Netherlands", "city": "Amsterdam", "hostname": "nl981.nordvpn.com",
                "wgpubkey": "ZXhhbXBsZS13aXJlZ3VhcmQta2V5LXNlLXN0by0wMDE=", "ips": ["203.0.113.99"]}]},
             "private internet access": {"version": 3, "timestamp": 1700000000, "servers": [
               {"vpn": "openvpn", "region": "Netherlands", "server_name": "amsterdam404", "hostname": "nl-amsterdam.privacy.network",
                "tcp": true, "udp": true, "port_forward": true, "ips": ["198.51.100.40"]}]},
             "airvpn": {"version": 1, "timestamp": 1700000000, "servers": [
               {"vpn": "wireguard", "country": "Sweden", "city": "Stockholm", "server_name": "Alruba", "hostname": "se3.vpn.airdns.org",
                "wgpubkey": "ZXhhbXBsZS13aXJlZ3VhcmQta2V5LXNlLXN0by0wMDE=", "ips": ["192.0.2.33"]}]}
            }
            """;

    @TempDir
    Path dir;

    private Endpoint first(String provider, VpnSettings vpn) throws IOException, SettingsException {
        Path file = Files.writeString(dir.resolve("servers.json"), SERVERS_JSON);
        return ServerSources.load(Fixtures.serverSettings(file, true), Fixtures.withProvider(vpn, provider),
                new VirtualScheduler(), new Random(1)).next().endpoint();
    }

    private static VpnSettings openVpn(Protocol protocol, Optional<Integer> port) {
        VpnSettings base = Fixtures.openVpn(Optional.empty(), protocol);
        return new VpnSettings(base.type(), base.provider(), base.iface(),
                Fixtures.openVpnSettings(Optional.empty(), protocol, port), base.wireguard());
    }

    @Test
    void nordVpnOverTcpIs443AndOverUdp1194() throws Exception {
        assertEquals(new Endpoint("203.0.113.98", 443, Protocol.TCP), first("nordvpn", openVpn(Protocol.TCP, Optional.empty())));
        assertEquals(new Endpoint("203.0.113.98", 1194, Protocol.UDP), first("nordvpn", openVpn(Protocol.UDP, Optional.empty())));
    }

    @Test
    void piaOverUdpIs1198AndOverTcp502WhateverTheNamesCase() throws Exception {
        assertEquals(new Endpoint("198.51.100.40", 1198, Protocol.UDP),
                first("private internet access", openVpn(Protocol.UDP, Optional.empty())));
        assertEquals(new Endpoint("198.51.100.40", 502, Protocol.TCP),
                first("Private Internet Access", openVpn(Protocol.TCP, Optional.empty())));
    }

    @Test
    void wireGuardPortsAreTheProvidersToo() throws Exception {
        VpnSettings wg = Fixtures.wireGuard(Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(new Endpoint("192.0.2.33", 1637, Protocol.UDP), first("airvpn", wg));
        assertEquals(new Endpoint("203.0.113.99", 51820, Protocol.UDP), first("nordvpn", wg));
    }

    @Test
    void theEndpointPortSettingsStillWin() throws Exception {
        assertEquals(new Endpoint("203.0.113.98", 8443, Protocol.TCP), first("nordvpn", openVpn(Protocol.TCP, Optional.of(8443))));
        VpnSettings wg = Fixtures.wireGuard(Optional.empty(), Optional.of(51999), Optional.empty());
        assertEquals(new Endpoint("192.0.2.33", 51999, Protocol.UDP), first("airvpn", wg));
    }

    @Test
    void aServersOwnPortWinsOverTheProvidersDefault() {
        Server withPort = new Server(0, dev.tunnelkeeper.config.VpnType.OPENVPN, "", "", "", "", "s",
                java.util.List.of("203.0.113.5"), true, true, Optional.empty(), Optional.of(1300));
        EndpointRules nord = new EndpointRules(Protocol.TCP, Optional.empty(), Optional.empty(), ProviderPorts.of("nordvpn"));
        assertEquals(new Endpoint("203.0.113.5", 1300, Protocol.TCP), nord.endpoint(withPort, "203.0.113.5"));
    }

    @Test
    void aTransportTheProviderHasNoPortForFallsBackToTheGenericOne() {
        // ExpressVPN serves OpenVPN over UDP only (1195); a file that says tcp gets gluetun's generic 443.
        assertEquals(1195, ProviderPorts.of("expressvpn").openVpn(Protocol.UDP));
        assertEquals(443, ProviderPorts.of("expressvpn").openVpn(Protocol.TCP));
        assertEquals(51820, ProviderPorts.of("cyberghost").wireGuardPort());
        assertEquals(ProviderPorts.GENERIC, ProviderPorts.of("custom"));
    }

    @Test
    void theStartUpLineSaysWhichPortServersWithoutOneGet() throws Exception {
        try (dev.tunnelkeeper.log.LogCapture log = new dev.tunnelkeeper.log.LogCapture()) {
            first("nordvpn", openVpn(Protocol.TCP, Optional.empty()));
            first("airvpn", Fixtures.wireGuard(Optional.empty(), Optional.empty(), Optional.empty()));
            first("nordvpn", openVpn(Protocol.UDP, Optional.of(8443)));
            assertEquals(1, log.count("; servers without a port: 443/tcp (nordvpn's default)"), log.lines().toString());
            assertEquals(1, log.count("; servers without a port: 1637 (airvpn's default)"), log.lines().toString());
            assertEquals(1, log.count("; port 8443 (OPENVPN_ENDPOINT_PORT)"), log.lines().toString());
        }
    }
}
