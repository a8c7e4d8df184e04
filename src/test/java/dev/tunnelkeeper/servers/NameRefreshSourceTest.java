package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.lab.LabNameServer;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The servers' source as the product builds it, with host names in WIREGUARD_ENDPOINT_IP and in the .ovpn's remotes:
 * resolved at start by the container's nameserver (a real DNS server on loopback here), asked again after a failure,
 * and followed when the answer changes. The source's clock is virtual; the answers' TTL is 0 s.
 */
class NameRefreshSourceTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();

    private DnsHostResolver resolver(LabNameServer dns) {
        return new DnsHostResolver(dir.resolve("no-hosts"), List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                dns.port())), Duration.ofSeconds(2));
    }

    @Test
    void aWireGuardEndpointNameIsFollowed() throws Exception {
        Path answers = Files.writeString(dir.resolve("answers"), "wg.vpn.example 198.51.100.7\n");
        try (LabNameServer dns = LabNameServer.start(InetAddress.getLoopbackAddress(), 0, answers, 0)) {
            CatalogConnectionSource source = ServerSources.load(Fixtures.serverSettings(dir.resolve("absent.json"), false),
                    Fixtures.wireGuard(Optional.of("wg.vpn.example"), Optional.empty(), Optional.of(Fixtures.KEY)),
                    time, ServerSelector.of(dev.tunnelkeeper.config.ServerSettings.Selection.ORDERED, new Random(1)),
                    resolver(dns));
            assertTrue(source.nameRefresh().isPresent());
            Connection first = source.next();
            assertEquals(new Endpoint("198.51.100.7", 51820, Protocol.UDP), first.endpoint());
            Files.writeString(answers, "wg.vpn.example 198.51.100.8\n");
            time.advance(Duration.ofSeconds(1));
            source.connectFailed(first, "no handshake");
            assertEquals(new Endpoint("198.51.100.8", 51820, Protocol.UDP), source.next().endpoint());
        }
    }

    @Test
    void anOvpnRemoteNameIsFollowedAndAnIpRemoteNeverAsked() throws Exception {
        Path answers = Files.writeString(dir.resolve("answers"), "nl1.vpn.example 203.0.113.11\n");
        Path ovpn = Files.writeString(dir.resolve("p.ovpn"), "client\nremote nl1.vpn.example 1194 udp\nremote 203.0.113.50 443 udp\n");
        try (LabNameServer dns = LabNameServer.start(InetAddress.getLoopbackAddress(), 0, answers, 0)) {
            CatalogConnectionSource source = ServerSources.load(Fixtures.serverSettings(dir.resolve("absent.json"), false),
                    Fixtures.openVpn(Optional.of(ovpn), Protocol.UDP), time,
                    ServerSelector.of(dev.tunnelkeeper.config.ServerSettings.Selection.ORDERED, new Random(1)), resolver(dns));
            Connection first = source.next();
            assertEquals("203.0.113.11", first.endpoint().ip());
            Files.writeString(answers, "nl1.vpn.example 203.0.113.12\n");
            time.advance(Duration.ofSeconds(1));
            source.connectFailed(first, "timeout");
            Connection second = source.next();
            assertEquals("203.0.113.50", second.endpoint().ip(), "the other remote first (the failed one cools down)");
            time.advance(Duration.ofSeconds(1));
            source.connectFailed(second, "timeout");
            Connection third = source.next();
            assertEquals(new Endpoint("203.0.113.12", 1194, Protocol.UDP), third.endpoint(), "the name, asked again");
        }
    }
}
