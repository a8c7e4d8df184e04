package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.KillSwitch;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Host names asked again, in virtual time: after a failure of their server, once the answer's TTL ran out, through a
 * kill switch that lets out only the query to the start's nameservers and closes again; the new addresses are used at
 * once, and a failed lookup keeps the old ones.
 */
class NameRefreshTest {
    private static final String HOST = "nl1.vpn.example";
    private static final List<InetSocketAddress> NAMESERVERS = List.of(new InetSocketAddress("192.0.2.53", 53));
    private static final EndpointRules UDP = new EndpointRules(Protocol.UDP, Optional.empty(), Optional.empty());

    private final VirtualScheduler time = new VirtualScheduler();
    /** What happened, in order: the kill switch's DNS changes and the lookups. */
    private final List<String> events = new ArrayList<>();
    private final Deque<Object> answers = new ArrayDeque<>();
    private boolean firewallRefuses;

    private final HostResolver resolver = new HostResolver() {
        @Override
        public List<String> ipv4(String host) throws UnknownHostException {
            return resolve(host).ipv4();
        }

        @Override
        public HostAnswer resolve(String host) throws UnknownHostException {
            events.add("lookup " + host);
            Object next = answers.removeFirst();
            if (next instanceof UnknownHostException e) {
                throw e;
            }
            return (HostAnswer) next;
        }
    };

    private final KillSwitch killSwitch = new KillSwitch() {
        @Override
        public void allowEndpoint(Endpoint endpoint) {
        }

        @Override
        public void tunnelUp(String iface) {
        }

        @Override
        public void tunnelDown(String iface) {
        }

        @Override
        public void dnsLookups(List<InetSocketAddress> nameservers) throws FirewallException {
            if (firewallRefuses) {
                throw new FirewallException("iptables-restore: exit 1");
            }
            events.add(nameservers.isEmpty() ? "dns closed" : "dns open " + nameservers);
        }
    };

    private static Server named(int index, int port, String... ips) {
        return new Server(index, dev.tunnelkeeper.config.VpnType.OPENVPN, "", "", "", HOST, HOST + ":" + port,
                List.of(ips), false, true, Optional.empty(), Optional.of(port));
    }

    /** A source over servers resolved at start (now) with a {@code ttl} answer. */
    private CatalogConnectionSource source(Duration ttl, Server... servers) {
        CatalogConnectionSource source = new CatalogConnectionSource(List.of(servers), new OrderedSelector(),
                Duration.ofMinutes(5), UDP, time);
        NameRefresh refresh = new NameRefresh(resolver, NAMESERVERS,
                Map.of(HOST, new HostAnswer(servers[0].ips(), ttl)), time.elapsed());
        refresh.lookupsThrough(killSwitch);
        source.refreshNames(refresh);
        return source;
    }

    private static HostAnswer answer(Duration ttl, String... ips) {
        return new HostAnswer(List.of(ips), ttl);
    }

    @Test
    void afterAFailureAndTheTtlTheNameIsAskedAgainThroughAHoleThatClosesAndTheNewAddressIsUsed() {
        CatalogConnectionSource source = source(Duration.ofSeconds(30), named(0, 1194, "203.0.113.11"));
        Connection first = source.next();
        assertEquals("203.0.113.11", first.endpoint().ip());
        time.advance(Duration.ofSeconds(5));
        source.connectFailed(first, "timeout");
        Connection second = source.next();
        assertEquals(List.of(), events, "the answer of the start holds for its TTL (30 s): nothing is asked");
        assertEquals("203.0.113.11", second.endpoint().ip());

        time.advance(Duration.ofSeconds(26));
        source.connectFailed(second, "timeout");
        answers.add(answer(Duration.ofSeconds(60), "203.0.113.12"));
        Connection third;
        try (LogCapture log = new LogCapture()) {
            third = source.next();
            assertTrue(log.lines().contains("INFO [servers] " + HOST + " resolved again to 203.0.113.12 (was 203.0.113.11): "
                    + "the next attempts go there"), log.lines().toString());
        }
        assertEquals(List.of("dns open [" + NAMESERVERS.get(0) + "]", "lookup " + HOST, "dns closed"), events,
                "the query, and only while the lookup runs");
        assertEquals(new Endpoint("203.0.113.12", 1194, Protocol.UDP), third.endpoint());
        assertEquals(List.of("203.0.113.12"), source.snapshot().get(0).server().ips(), "the API and hooks see the new address");
        assertEquals(2, source.snapshot().get(0).history().connectFailures(), "the history stays the server's");

        // The new answer holds for its own TTL; the report about the connection still lands on the server.
        source.connectFailed(third, "timeout");
        time.advance(Duration.ofSeconds(10));
        events.clear();
        assertEquals("203.0.113.12", source.next().endpoint().ip());
        assertEquals(List.of(), events);
        assertEquals(3, source.snapshot().get(0).history().connectFailures());
    }

    @Test
    void theTtlIsCountedOnTheMonotonicClockNotAWallClockThatJumps() {
        CatalogConnectionSource source = source(Duration.ofSeconds(30), named(0, 1194, "203.0.113.11"));
        Connection first = source.next();
        time.advance(Duration.ofSeconds(5));
        time.setWallClock(time.now().plus(Duration.ofHours(2)));
        source.connectFailed(first, "timeout");
        assertEquals("203.0.113.11", source.next().endpoint().ip());
        assertEquals(List.of(), events, "5 s of the 30 s TTL have passed, whatever the wall clock says");
    }

    @Test
    void aServerThatDidNotFailIsNotAskedAgain() {
        CatalogConnectionSource source = source(Duration.ZERO, named(0, 1194, "203.0.113.11"));
        Connection first = source.next();
        source.connected(first);
        time.advance(Duration.ofHours(1));
        source.next(); // a restart asked for by the user: no failure of the server, no query
        assertEquals(List.of(), events);
        source.lost(first, "tunnel lost");
        answers.add(answer(Duration.ZERO, "203.0.113.11"));
        assertEquals("203.0.113.11", source.next().endpoint().ip());
        assertEquals(List.of("dns open [" + NAMESERVERS.get(0) + "]", "lookup " + HOST, "dns closed"), events,
                "a lost tunnel is a failure: asked again, same answer");
    }

    @Test
    void aFailedLookupKeepsTheAddressesAndIsToldOnce() {
        CatalogConnectionSource source = source(Duration.ZERO, named(0, 1194, "203.0.113.11", "203.0.113.21"));
        try (LogCapture log = new LogCapture()) {
            Connection c = source.next();
            for (int i = 0; i < 3; i++) {
                time.advance(Duration.ofSeconds(2));
                source.connectFailed(c, "timeout");
                answers.add(new UnknownHostException("192.0.2.53:53: i/o timeout"));
                c = source.next();
                assertEquals(i % 2 == 0 ? "203.0.113.21" : "203.0.113.11", c.endpoint().ip(), "its addresses in turn");
            }
            assertEquals(1, log.count("asking " + HOST + " again failed (192.0.2.53:53: i/o timeout): its addresses stay as they were"),
                    log.lines().toString());
            assertEquals(3, events.stream().filter(e -> e.equals("dns closed")).count(), "closed after each lookup");
        }
    }

    @Test
    void aKillSwitchThatCannotOpenMeansNoQuery() {
        CatalogConnectionSource source = source(Duration.ZERO, named(0, 1194, "203.0.113.11"));
        Connection c = source.next();
        source.connectFailed(c, "timeout");
        firewallRefuses = true;
        try (LogCapture log = new LogCapture()) {
            assertEquals("203.0.113.11", source.next().endpoint().ip());
            assertEquals(List.of(), events, "nothing asked");
            assertEquals(1, log.count("the kill switch did not let the query out"), log.lines().toString());
        }
    }

    @Test
    void everyServerOfTheNameFollowsTheNewAnswer() {
        // One host in two remote lines (two ports): one name, two servers.
        CatalogConnectionSource source = source(Duration.ZERO, named(0, 1194, "203.0.113.11"), named(1, 443, "203.0.113.11"));
        Connection c = source.next();
        source.connectFailed(c, "timeout");
        answers.add(answer(Duration.ofMinutes(5), "203.0.113.12"));
        Connection next = source.next(); // the other server now, by the cool-down, and asked again: same name
        assertEquals(new Endpoint("203.0.113.12", 443, Protocol.UDP), next.endpoint(), next.toString());
        assertEquals(List.of(List.of("203.0.113.12"), List.of("203.0.113.12")),
                source.snapshot().stream().map(cand -> cand.server().ips()).toList());
    }
}
