package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.ConnectionSource.NoServerException;
import dev.tunnelkeeper.vpn.Endpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CatalogConnectionSourceTest {
    private static final Duration COOLDOWN = Duration.ofMinutes(5);
    private static final EndpointRules UDP = new EndpointRules(Protocol.UDP, Optional.empty(), Optional.empty());

    private final VirtualScheduler time = new VirtualScheduler();
    private final Server primary = Fixtures.openvpn(0, "primary", "Sweden", "Stockholm County", "Stockholm",
            "203.0.113.10", "203.0.113.11");
    private final Server backup = Fixtures.openvpn(1, "backup", "Norway", "", "Oslo", "198.51.100.20");

    private CatalogConnectionSource ordered(Server... servers) {
        return new CatalogConnectionSource(List.of(servers), new OrderedSelector(), COOLDOWN, UDP, time);
    }

    private History history(CatalogConnectionSource source, Server server) {
        return source.snapshot().stream().filter(c -> c.server().equals(server)).findFirst().orElseThrow().history();
    }

    @Test
    void aConnectionCarriesTheNameEndpointAndLocation() {
        Connection c = ordered(primary, backup).next();
        assertEquals(new Connection("primary", new Endpoint("203.0.113.10", 1194, Protocol.UDP), Optional.empty(),
                "Sweden/Stockholm County/Stockholm"), c);
    }

    @Test
    void portsAndProtocols() {
        Server wg = new Server(0, VpnType.WIREGUARD, "", "", "", "", "wg", List.of("198.51.100.5"), false, false,
                Optional.of(Fixtures.KEY), Optional.empty());
        Server tcpOnlyWithPort = new Server(0, VpnType.OPENVPN, "", "", "", "", "t", List.of("203.0.113.5"), true, false,
                Optional.empty(), Optional.of(443));
        EndpointRules defaults = UDP;
        EndpointRules overrides = new EndpointRules(Protocol.TCP, Optional.of(8443), Optional.of(51999));

        assertEquals(new Endpoint("198.51.100.5", 51820, Protocol.UDP), defaults.endpoint(wg, "198.51.100.5"));
        assertEquals(new Endpoint("198.51.100.5", 51999, Protocol.UDP), overrides.endpoint(wg, "198.51.100.5"));
        // The .ovpn's own server may serve only the other transport: its own wins over OPENVPN_PROTOCOL.
        assertEquals(new Endpoint("203.0.113.5", 443, Protocol.TCP), defaults.endpoint(tcpOnlyWithPort, "203.0.113.5"));
        assertEquals(new Endpoint("203.0.113.5", 8443, Protocol.TCP), overrides.endpoint(tcpOnlyWithPort, "203.0.113.5"));
        assertEquals(new Endpoint("203.0.113.10", 1194, Protocol.UDP), defaults.endpoint(primary, "203.0.113.10"));

        Connection c = new CatalogConnectionSource(List.of(wg), new OrderedSelector(), COOLDOWN, defaults, time).next();
        assertEquals(Optional.of(Fixtures.KEY), c.wireGuardPublicKey());
        assertEquals("", c.location());
    }

    @Test
    void everyEventIsRecordedInTheServersHistory() {
        CatalogConnectionSource source = ordered(primary, backup);
        Instant start = time.now();
        Connection first = source.next();
        time.advance(Duration.ofSeconds(2));
        source.connected(first);
        time.advance(Duration.ofSeconds(3));
        source.healthy(first, time.now());
        time.advance(Duration.ofSeconds(5));
        source.lost(first, "restarted: unhealthy for 6s");

        History h = history(source, primary);
        assertEquals(1, h.timesChosen());
        assertEquals(Optional.of(start), h.lastChosen());
        assertEquals(Optional.of("203.0.113.10"), h.lastIp());
        assertEquals(Optional.of(start.plusSeconds(2)), h.lastConnected());
        assertEquals(Optional.of(start.plusSeconds(5)), h.lastHealthy());
        assertEquals(0, h.connectFailures());
        assertEquals(1, h.losses());
        assertEquals(List.of(new History.Failure(start.plusSeconds(10), Duration.ofSeconds(10), History.Kind.LOST, "203.0.113.10",
                "restarted: unhealthy for 6s")), h.recentFailures());
        assertEquals(History.NONE, history(source, backup));

        Connection second = source.next();
        time.advance(Duration.ofSeconds(15));
        source.connectFailed(second, "the tunnel was not ready within 15s");
        History b = history(source, backup);
        assertEquals(1, b.connectFailures());
        assertEquals(Optional.of("the tunnel was not ready within 15s"), b.lastFailure().map(History.Failure::reason));
    }

    @Test
    void onlyTheLastTenFailuresAreKept() {
        CatalogConnectionSource source = ordered(primary);
        for (int i = 0; i < 12; i++) {
            source.connectFailed(source.next(), "failure " + i);
            time.advance(Duration.ofSeconds(1));
        }
        History h = history(source, primary);
        assertEquals(12, h.connectFailures());
        assertEquals(History.RECENT, h.recentFailures().size());
        assertEquals("failure 2", h.recentFailures().get(0).reason());
        assertEquals("failure 11", h.lastFailure().orElseThrow().reason());
    }

    @Test
    void aRestartNeverGoesBackToTheServerThatJustDiedAndFailsBackAfterTheCooldown() {
        CatalogConnectionSource source = ordered(primary, backup);
        Connection c = source.next();
        source.connected(c);
        time.advance(Duration.ofHours(1));
        source.lost(c, "restarted: unhealthy for 6s");
        Connection next = source.next();
        assertEquals("backup", next.serverName());
        source.connected(next);

        time.advance(COOLDOWN.minusSeconds(1));
        source.lost(next, "restarted: unhealthy for 11s");
        // Both failed within the cool-down: the one that failed longest ago, the primary, on its other address.
        Connection again = source.next();
        assertEquals("primary", again.serverName());
        assertEquals("203.0.113.11", again.endpoint().ip());
    }

    @Test
    void aWallClockJumpNeitherEndsNorStretchesACooldown() {
        CatalogConnectionSource source = ordered(primary, backup);
        source.connectFailed(source.next(), "AUTH_FAILED");
        Instant failedAt = time.now();
        time.setWallClock(failedAt.plus(Duration.ofHours(2))); // NTP moves the clock forward
        assertEquals("backup", source.next().serverName(), "still cooling down: only a minute of it has passed, none");
        time.setWallClock(failedAt.minus(Duration.ofHours(1))); // and back, to before the failure
        time.advance(COOLDOWN);
        assertEquals("primary", source.next().serverName(), "the cool-down ran its five minutes, whatever the wall clock says");
        assertEquals(failedAt, history(source, primary).lastFailure().orElseThrow().at(), "shown at its wall time");
    }

    @Test
    void orderedFailBackInVirtualTime() {
        CatalogConnectionSource source = ordered(primary, backup);
        source.connectFailed(source.next(), "AUTH_FAILED");
        assertEquals("backup", source.next().serverName());
        time.advance(COOLDOWN.minusMillis(1));
        assertEquals("backup", source.next().serverName());
        time.advance(Duration.ofMillis(1));
        assertEquals("primary", source.next().serverName());
    }

    @Test
    void aServersAddressesAreTriedInTurn() {
        CatalogConnectionSource source = ordered(primary);
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Connection c = source.next();
            ips.add(c.endpoint().ip());
            source.connectFailed(c, "timeout");
        }
        assertEquals(List.of("203.0.113.10", "203.0.113.11", "203.0.113.10", "203.0.113.11", "203.0.113.10"), ips);
    }

    @Test
    void ipv6AddressesAreSkipped() {
        Server mixed = Fixtures.openvpn(0, "mixed", "", "", "", "2001:db8::1", "203.0.113.9");
        CatalogConnectionSource source = ordered(mixed);
        assertEquals("203.0.113.9", source.next().endpoint().ip());
        assertEquals("203.0.113.9", source.next().endpoint().ip());
    }

    @Test
    void randomSelectionThroughTheSourceAvoidsServersInCooldown() {
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            servers.add(Fixtures.openvpn(i, "s" + i));
        }
        CatalogConnectionSource source = new CatalogConnectionSource(servers, new RandomSelector(new Random(3)),
                COOLDOWN, UDP, time);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Connection c = source.next();
            assertTrue(!failed.contains(c.serverName()), c.serverName() + " failed within the cool-down: " + failed);
            failed.add(c.serverName());
            source.connectFailed(c, "timeout");
            time.advance(Duration.ofSeconds(30));
        }
        // All four failed within 5 minutes: the first to fail comes back first.
        assertEquals(failed.get(0), source.next().serverName());
    }

    @Test
    void aReportAboutAConnectionItNeverGaveIsIgnored() {
        CatalogConnectionSource source = ordered(primary);
        Connection stranger = new Connection("stranger", new Endpoint("192.0.2.1", 1194, Protocol.UDP), Optional.empty(), "");
        try (LogCapture log = new LogCapture()) {
            source.connectFailed(stranger, "timeout");
            assertEquals(1, log.count("WARN [servers] a report about stranger (192.0.2.1:1194/udp), which this source never chose, is ignored"),
                    log.lines().toString());
        }
        assertEquals(History.NONE, history(source, primary));
    }

    @Test
    void aFailureSaysForHowLongTheServerIsPassedOver() {
        CatalogConnectionSource source = ordered(primary, backup);
        try (LogCapture log = new LogCapture()) {
            source.connectFailed(source.next(), "timeout");
            assertEquals(1, log.count("INFO [servers] primary is passed over for 5m0s while another server has not failed"),
                    log.lines().toString());
        }
    }

    @Test
    void aSelectorMustChooseACandidate() {
        ServerSelector none = (candidates, context) -> Optional.empty();
        ServerSelector stranger = (candidates, context) -> Optional.of(Fixtures.candidate(backup));
        assertEquals("the server selection chose none of the 1 servers",
                assertThrows(NoServerException.class, () -> source(none).next()).getMessage());
        assertEquals("the server selection chose backup, which is not one of the candidates",
                assertThrows(NoServerException.class, () -> source(stranger).next()).getMessage());
    }

    @Test
    void theSelectorSeesTheHistoriesAndThePreviousServer() {
        List<SelectionContext> contexts = new ArrayList<>();
        List<List<Candidate>> seen = new ArrayList<>();
        ServerSelector spy = (candidates, context) -> {
            contexts.add(context);
            seen.add(candidates);
            return new OrderedSelector().select(candidates, context);
        };
        CatalogConnectionSource source = new CatalogConnectionSource(List.of(primary, backup), spy, COOLDOWN, UDP, time);
        source.connectFailed(source.next(), "timeout");
        source.next();
        assertEquals(Optional.empty(), contexts.get(0).previous());
        assertEquals(Optional.of(primary), contexts.get(1).previous());
        assertEquals(1, seen.get(1).get(0).history().connectFailures());
        assertEquals(COOLDOWN, contexts.get(1).cooldown());
        assertEquals(time.now(), contexts.get(1).now());
    }

    @Test
    void concurrentReportsAndChoicesKeepEveryEvent() throws Exception {
        CatalogConnectionSource source = ordered(primary, backup);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        Connection c = source.next();
                        source.connectFailed(c, "timeout");
                        source.snapshot();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        int chosen = source.snapshot().stream().mapToInt(c -> c.history().timesChosen()).sum();
        int failures = source.snapshot().stream().mapToInt(c -> c.history().connectFailures()).sum();
        assertEquals(2000, chosen);
        assertEquals(2000, failures);
    }

    private CatalogConnectionSource source(ServerSelector selector) {
        return new CatalogConnectionSource(List.of(primary), selector, COOLDOWN, UDP, time);
    }

    /** gluetun's PIA servers have a region and no country or city: the location is that region, not "/Netherlands/". */
    @Test
    void aLocationNamesOnlyTheKnownParts() {
        Server pia = new Server(0, VpnType.OPENVPN, "", "Netherlands", "", "nl-amsterdam.privacy.network", "amsterdam404",
                List.of("198.51.100.40"), true, true, Optional.empty(), Optional.empty());
        assertEquals("Netherlands", pia.location());
        assertEquals("Norway/Oslo", backup.location());
        assertEquals("Sweden/Stockholm County/Stockholm", primary.location());
        assertEquals("", Fixtures.openvpn(3, "x").location());
    }
}
