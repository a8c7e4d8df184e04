package dev.tunnelkeeper.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.log.LogCapture;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;

/** The resolver on real loopback sockets (a free high port, never 53), in front of a loopback upstream. */
class LocalDnsTest {
    @TempDir
    Path dir;

    private final AtomicBoolean tunnelUp = new AtomicBoolean(true);

    private DnsSettings settings(List<InetSocketAddress> upstreams, Duration timeout) throws Exception {
        Path resolvConf = Files.writeString(dir.resolve("resolv.conf"), "nameserver 10.255.255.53\n");
        return new DnsSettings(true, new HostPort("127.0.0.1", 0), false, resolvConf, upstreams, false, List.of(),
                Optional.empty(), true, 64, timeout);
    }

    private LocalDns start(DnsSettings s) throws Exception {
        return LocalDns.start(s, tunnelUp::get, new dev.tunnelkeeper.time.VirtualScheduler());
    }

    private static SimpleResolver client(LocalDns dns, boolean tcp) {
        SimpleResolver r = new SimpleResolver(dns.address());
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(5));
        return r;
    }

    @Test
    void answersOverUdpAndTcpFromTheUpstreamAndLeavesResolvConfAloneOnAHighPort() throws Exception {
        ZoneAnswers zone = new ZoneAnswers();
        try (LoopbackDnsServer upstream = LoopbackDnsServer.start(zone); LogCapture log = new LogCapture()) {
            DnsSettings s = settings(List.of(upstream.address()), Duration.ofSeconds(2));
            try (LocalDns dns = start(s)) {
                Message udp = client(dns, false).send(ZoneAnswers.query("a1.test."));
                assertEquals(ZoneAnswers.ADDRESS, udp.getSection(Section.ANSWER).getFirst().rdataToString());
                Message tcp = client(dns, true).send(ZoneAnswers.query("a2.test."));
                assertEquals(ZoneAnswers.ADDRESS, tcp.getSection(Section.ANSWER).getFirst().rdataToString());
                assertEquals(2, zone.queries.get());
                assertTrue(log.count("INFO [dns] DNS server listening on 127.0.0.1:" + dns.address().getPort()
                        + ", forwarding through the tunnel to " + upstream.address().getAddress().getHostAddress() + ":"
                        + upstream.address().getPort() + " (plain DNS)") == 1, log.lines().toString());
                assertEquals(1, log.count("can only name a server on port 53"), log.lines().toString());
            }
            assertEquals("nameserver 10.255.255.53\n", Files.readString(s.resolvConf()));
        }
    }

    @Test
    void aMalformedDatagramGetsFormerrAndTheServerKeepsAnswering() throws Exception {
        try (LoopbackDnsServer upstream = LoopbackDnsServer.start(new ZoneAnswers());
             LocalDns dns = start(settings(List.of(upstream.address()), Duration.ofSeconds(2)));
             DatagramSocket socket = new DatagramSocket()) {
            byte[] wire = ZoneAnswers.query("a1.test.").toWire();
            byte[] bad = Arrays.copyOf(wire, wire.length - 2);
            socket.setSoTimeout(5_000);
            socket.send(new DatagramPacket(bad, bad.length, dns.address()));
            byte[] buffer = new byte[512];
            DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
            socket.receive(reply);
            assertEquals(Rcode.FORMERR, new Message(Arrays.copyOf(buffer, reply.getLength())).getRcode());
            assertEquals(Rcode.NOERROR, client(dns, false).send(ZoneAnswers.query("a1.test.")).getRcode());
        }
    }

    @Test
    void aSilentUpstreamGivesServfailWhenTheBudgetEndsNotAHang() throws Exception {
        // A bound UDP socket that never answers.
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
             LogCapture log = new LogCapture()) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", silent.getLocalPort());
            try (LocalDns dns = start(settings(List.of(address), Duration.ofMillis(300)))) {
                assertEquals(Rcode.SERVFAIL, client(dns, false).send(ZoneAnswers.query("a1.test.")).getRcode());
                assertEquals(1, log.count("WARN [dns] upstream 127.0.0.1:" + silent.getLocalPort() + " failed: read udp: i/o timeout"),
                        log.lines().toString());
            }
        }
    }

    @Test
    void theHealthChecksLookupsUseGosWords() throws Exception {
        try (LoopbackDnsServer upstream = LoopbackDnsServer.start(new ZoneAnswers());
             LocalDns dns = start(settings(List.of(upstream.address()), Duration.ofSeconds(2)))) {
            ResolverLookup lookup = new ResolverLookup(dns.address());
            String where = "127.0.0.1:" + dns.address().getPort();
            assertEquals(ZoneAnswers.ADDRESS, lookup.lookup("a1.test", Duration.ofSeconds(3)).getHostAddress());
            assertEquals("10.1.2.3", lookup.lookup("10.1.2.3", Duration.ofSeconds(3)).getHostAddress(), "no lookup for a literal");
            NameLookup.LookupFailure nx = assertThrows(NameLookup.LookupFailure.class, () -> lookup.lookup("nx.test", Duration.ofSeconds(3)));
            assertEquals("lookup nx.test on " + where + ": no such host", nx.getMessage());
            assertEquals(ErrorKind.DNS, nx.kind());
            tunnelUp.set(false);
            NameLookup.LookupFailure down = assertThrows(NameLookup.LookupFailure.class, () -> lookup.lookup("a2.test", Duration.ofSeconds(3)));
            assertEquals("lookup a2.test on " + where + ": server misbehaving", down.getMessage());
        }
    }

    @Test
    void aTakenAddressIsOneLineNamingTheSetting() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            DnsSettings s = settings(List.of(new InetSocketAddress("127.0.0.1", 53)), Duration.ofSeconds(1));
            DnsSettings busy = new DnsSettings(true, new HostPort("127.0.0.1", taken.getLocalPort()), true, s.resolvConf(),
                    s.plainUpstreams(), false, List.of(), Optional.empty(), true, 64, s.upstreamTimeout());
            LocalDns.StartException e = assertThrows(LocalDns.StartException.class, () -> start(busy));
            assertTrue(e.getMessage().startsWith("the DNS server cannot listen on DNS_LISTEN_ADDRESS=127.0.0.1:" + taken.getLocalPort() + ": "),
                    e.getMessage());
        }
    }
}
