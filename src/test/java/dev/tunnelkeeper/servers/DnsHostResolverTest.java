package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.LabNameServer;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Server names asked of the container's nameservers of the start: a real DNS server on loopback, its answers changed. */
class DnsHostResolverTest {
    @TempDir
    Path dir;
    private Path answers;
    private Path hosts;
    private LabNameServer dns;
    private InetSocketAddress server;

    @BeforeEach
    void start() throws Exception {
        answers = Files.writeString(dir.resolve("answers"), "nl1.vpn.example 203.0.113.11 203.0.113.12\n");
        hosts = Files.writeString(dir.resolve("hosts"), "127.0.0.1 localhost\n198.51.100.9 pinned.vpn.example\n");
        dns = LabNameServer.start(InetAddress.getLoopbackAddress(), 0, answers, 45);
        server = new InetSocketAddress(InetAddress.getLoopbackAddress(), dns.port());
    }

    @AfterEach
    void stop() {
        dns.close();
    }

    private DnsHostResolver resolver(InetSocketAddress... nameservers) {
        return new DnsHostResolver(hosts, List.of(nameservers), Duration.ofSeconds(2));
    }

    @Test
    void anAnswerWithItsTtlAndANewAnswerWhenItChanges() throws Exception {
        DnsHostResolver resolver = resolver(server);
        assertEquals(new HostAnswer(List.of("203.0.113.11", "203.0.113.12"), Duration.ofSeconds(45)), resolver.resolve("nl1.vpn.example"));
        Files.writeString(answers, "nl1.vpn.example 203.0.113.21\n");
        assertEquals(List.of("203.0.113.21"), resolver.ipv4("nl1.vpn.example."));
    }

    @Test
    void theHostsFileComesFirst() throws Exception {
        Files.writeString(answers, "pinned.vpn.example 203.0.113.99\n");
        assertEquals(new HostAnswer(List.of("198.51.100.9"), Duration.ZERO), resolver(server).resolve("pinned.vpn.example"));
    }

    @Test
    void anUnknownNameAndANameserverThatIsNotThere() throws Exception {
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> resolver(server).resolve("gone.vpn.example"));
        assertEquals("no such host (127.0.0.1:" + dns.port() + ")", e.getMessage());
        int closed;
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // free again when closed: nothing listens there
        }
        InetSocketAddress nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), closed);
        assertEquals(List.of("203.0.113.11", "203.0.113.12"), resolver(nobody, server).ipv4("nl1.vpn.example"),
                "the next nameserver answers");
        assertTrue(assertThrows(UnknownHostException.class, () -> resolver().resolve("nl1.vpn.example")).getMessage()
                .contains("no IPv4 nameserver"));
    }

    @Test
    void theNameserversOfAResolvConfIpv4Only() throws Exception {
        Path conf = Files.writeString(dir.resolve("resolv.conf"), """
                # Docker's
                search lan
                nameserver 192.0.2.53
                nameserver 2001:db8::53
                nameserver 198.51.100.53
                options ndots:0
                """);
        assertEquals(List.of(new InetSocketAddress("192.0.2.53", 53), new InetSocketAddress("198.51.100.53", 53)),
                DnsHostResolver.nameservers(conf));
        assertEquals(List.of(), DnsHostResolver.nameservers(dir.resolve("absent")));
    }
}
