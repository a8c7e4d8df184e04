package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease loop in virtual time: first lease, renewals, a moved port, failures and backoff, tunnel changes. */
class PortForwarderTest {
    @TempDir
    Path dir;

    private final VirtualScheduler time = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Gateway.Request> requests = new ArrayList<>();
    private final List<Instant> requestTimes = new ArrayList<>();
    private final List<List<Integer>> opened = new ArrayList<>();
    private final List<PortForwardEvent> events = new ArrayList<>();
    /** What the fake gateway answers each request with; replaced by tests. */
    private Function<Gateway.Request, CompletableFuture<Gateway.Lease>> answer = PortForwarderTest::grantAsAsked;

    private static CompletableFuture<Gateway.Lease> grantAsAsked(Gateway.Request r) {
        return CompletableFuture.completedFuture(lease(r.internalPort(), r.externalPort() == 0 ? r.internalPort() : r.externalPort(), r.lifetime()));
    }

    private static Gateway.Lease lease(int internal, int external, Duration lifetime) {
        return new Gateway.Lease(Optional.of("192.0.2.1"),
                new NatPmp.Mapping(NatPmp.Protocol.UDP, 1, internal, external, lifetime),
                new NatPmp.Mapping(NatPmp.Protocol.TCP, 1, internal, external, lifetime));
    }

    private PortForwarder forwarder(Provider provider, int... randomPorts) {
        int[] next = {0};
        Gateway gateway = (gw, request) -> {
            requests.add(request);
            requestTimes.add(time.now());
            return answer.apply(request);
        };
        PortForwarder f = new PortForwarder(provider, Duration.ofSeconds(60), "tun0", new PortForwarder.Parts(time, gateway,
                iface -> "10.8.1.1", opened::add, new StatusFile(dir.resolve("forwarded_port")),
                () -> randomPorts[next[0]++ % randomPorts.length], () -> Runnable::run));
        f.addListener(events::add);
        return f;
    }

    private static VpnEvent event(VpnState from, VpnState to, String server) {
        return VpnEvents.event(from, to, "test", Instant.EPOCH, Optional.of(new Connection(server,
                new dev.tunnelkeeper.vpn.Endpoint("10.201.0.2", 1194, dev.tunnelkeeper.config.Protocol.UDP),
                Optional.empty(), "")));
    }

    private String statusFile() throws IOException {
        Path file = dir.resolve("forwarded_port");
        return Files.exists(file) ? Files.readString(file) : "(none)";
    }

    @Test
    void afterTunnelUpThePortIsLeasedOpenedWrittenAndAnnouncedThenRenewedEvery45s() throws Exception {
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        assertEquals(List.of(new Gateway.Request(40000, 40000, Duration.ofSeconds(60), true)), requests);
        assertEquals(40000, f.current().orElseThrow().port());
        assertEquals(List.of(List.of(40000)), opened);
        assertEquals("40000", statusFile(), "gluetun's format: the port, no newline");
        assertEquals(List.of(new PortForwardEvent(List.of(40000), List.of(), Optional.of("s1"), "tun0")), events);

        time.advance(Duration.ofSeconds(44));
        assertEquals(1, requests.size(), "not renewed before 45 s");
        time.advance(Duration.ofSeconds(1));
        assertEquals(2, requests.size(), "renewed at 45 s, three quarters of 60 s");
        assertEquals(new Gateway.Request(40000, 40000, Duration.ofSeconds(60), false), requests.get(1));
        time.advance(Duration.ofMinutes(10));
        assertEquals(2 + 13, requests.size(), "every 45 s");
        assertEquals(1, events.size(), "a renewal of the same port announces nothing");
        assertEquals(1, opened.size());
        assertEquals(Instant.parse("2026-01-01T00:11:30Z"), f.current().orElseThrow().expires(),
                "the last renewal (at 10m30s) plus the 60 s granted");
    }

    @Test
    void protonVpnIsAskedAsGluetunAsksIt() {
        PortForwarder f = forwarder(Provider.PROTONVPN, 40000);
        answer = r -> CompletableFuture.completedFuture(lease(0, 51413, r.lifetime()));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        assertEquals(new Gateway.Request(0, 1, Duration.ofSeconds(60), true), requests.getFirst());
        assertEquals(51413, f.current().orElseThrow().port(), "the granted external port");
        time.advance(Duration.ofSeconds(45));
        assertEquals(new Gateway.Request(0, 51413, Duration.ofSeconds(60), false), requests.get(1));
    }

    @Test
    void aShortLeaseIsRenewedTwoSecondsBeforeItRunsOut() {
        // miniupnpd counts whole seconds (PortForwardLabTest): a 4 s lease renewed at 3 s may already have lost its
        // TCP mapping.
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        answer = r -> CompletableFuture.completedFuture(lease(r.internalPort(), r.internalPort(), Duration.ofSeconds(4)));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        time.advance(Duration.ofSeconds(8));
        assertEquals(List.of(0L, 2L, 4L, 6L, 8L), requestTimes.stream()
                .map(t -> Duration.between(Instant.parse("2026-01-01T00:00:00Z"), t).toSeconds()).toList());
        assertTrue(f.current().isPresent());
    }

    @Test
    void renewalsComeAtThreeQuartersOfTheLeaseButTwoSecondsBeforeItsEndAndNotBeforeOneSecond() {
        assertEquals(Duration.ofSeconds(45), PortForwarder.renewal(Duration.ofSeconds(60)));
        assertEquals(Duration.ofSeconds(6), PortForwarder.renewal(Duration.ofSeconds(8)));
        assertEquals(Duration.ofSeconds(3), PortForwarder.renewal(Duration.ofSeconds(5)));
        assertEquals(Duration.ofSeconds(1), PortForwarder.renewal(Duration.ofSeconds(2)));
        assertEquals(Duration.ofSeconds(1), PortForwarder.renewal(Duration.ofSeconds(1)), "a gateway that grants less");
    }

    @Test
    void aLeaseIsRenewedAtThreeQuartersOfWhatTheGatewayGranted() {
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        answer = r -> CompletableFuture.completedFuture(lease(r.internalPort(), r.internalPort(), Duration.ofSeconds(12)));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        time.advance(Duration.ofSeconds(36));
        assertEquals(List.of(0L, 9L, 18L, 27L, 36L), requestTimes.stream()
                .map(t -> Duration.between(Instant.parse("2026-01-01T00:00:00Z"), t).toSeconds()).toList());
        assertTrue(f.current().isPresent());
    }

    @Test
    void aRenewalThatReturnsAnotherPortMovesEverythingToIt() throws Exception {
        PortForwarder f = forwarder(Provider.PROTONVPN, 1);
        int[] port = {51413};
        answer = r -> CompletableFuture.completedFuture(lease(0, port[0], r.lifetime()));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        port[0] = 52000;
        time.advance(Duration.ofSeconds(45));
        assertEquals(52000, f.current().orElseThrow().port());
        assertEquals(List.of(List.of(51413), List.of(52000)), opened, "the old port closed, the new one opened");
        assertEquals("52000", statusFile());
        assertEquals(new PortForwardEvent(List.of(52000), List.of(51413), Optional.of("s1"), "tun0"), events.get(1));
    }

    @Test
    void failuresAreRetriedAfter1s2s4sUpTo30sAndTheFirstSuccessForwards() {
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        answer = r -> CompletableFuture.failedFuture(new IOException("no answer after 4 sends"));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        time.advance(Duration.ofSeconds(1 + 2 + 4 + 8 + 16 + 30 + 30));
        assertEquals(List.of(0L, 1L, 3L, 7L, 15L, 31L, 61L, 91L), requestTimes.stream()
                .map(t -> Duration.between(Instant.parse("2026-01-01T00:00:00Z"), t).toSeconds()).toList());
        assertTrue(f.current().isEmpty());
        assertTrue(opened.isEmpty());
        answer = PortForwarderTest::grantAsAsked;
        time.advance(Duration.ofSeconds(30));
        assertEquals(40000, f.current().orElseThrow().port());
    }

    @Test
    void aFailedRenewalIsRetriedSoonAndThePortKeptWhileTheGatewayComesBack() {
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        answer = r -> CompletableFuture.failedFuture(new IOException("silent"));
        time.advance(Duration.ofSeconds(45)); // renewal fails
        time.advance(Duration.ofSeconds(1)); // retried after 1 s, fails again
        answer = PortForwarderTest::grantAsAsked;
        time.advance(Duration.ofSeconds(2)); // retried after 2 s: renewed, 12 s before the lease would run out
        assertEquals(4, requests.size());
        assertEquals(new Gateway.Request(40000, 40000, Duration.ofSeconds(60), false), requests.get(3));
        assertEquals(1, events.size(), "the same port: nothing to announce");
    }

    @Test
    void tunnelDownClosesThePortDeletesTheFileAndANewTunnelLeasesAgain() throws Exception {
        PortForwarder f = forwarder(Provider.NATPMP, 40000, 41000);
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        f.accept(event(VpnState.RUNNING, VpnState.STOPPING, "s1"));
        time.runDue();
        assertTrue(f.current().isEmpty());
        assertEquals("(none)", statusFile());
        assertEquals(List.of(List.of(40000), List.of()), opened);
        assertEquals(new PortForwardEvent(List.of(), List.of(40000), Optional.of("s1"), "tun0"), events.get(1));
        time.advance(Duration.ofMinutes(5));
        assertEquals(1, requests.size(), "no renewal for a tunnel that is gone");

        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s2"));
        time.runDue();
        assertEquals(41000, f.current().orElseThrow().port(), "a fresh lease for the new tunnel");
        assertEquals(new PortForwardEvent(List.of(41000), List.of(), Optional.of("s2"), "tun0"), events.get(2));
        assertEquals("41000", statusFile());
    }

    @Test
    void anAnswerThatArrivesAfterTheTunnelChangedIsDropped() {
        CompletableFuture<Gateway.Lease> late = new CompletableFuture<>();
        answer = r -> late;
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        f.accept(event(VpnState.RUNNING, VpnState.CRASHED, "s1"));
        time.runDue();
        late.complete(lease(40000, 40000, Duration.ofSeconds(60)));
        time.runDue();
        assertFalse(f.current().isPresent());
        assertTrue(opened.isEmpty());
        assertTrue(events.isEmpty());
    }

    @Test
    void aGatewayThatCannotBeFoundIsLookedForAgainWithTheBackoff() {
        int[] tries = {0};
        PortForwarder f = new PortForwarder(Provider.NATPMP, Duration.ofSeconds(60), "tun0", new PortForwarder.Parts(time,
                (gw, r) -> grantAsAsked(r), iface -> {
                    if (++tries[0] < 3) {
                        throw new IOException("interface tun0 does not exist");
                    }
                    return "10.8.1.1";
                }, opened::add, new StatusFile(dir.resolve("p")), () -> 40000, () -> Runnable::run));
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        time.advance(Duration.ofSeconds(3));
        assertEquals(3, tries[0]);
        assertEquals("10.8.1.1", f.current().orElseThrow().gateway());
    }

    @Test
    void aListenerThatNeverReturnsDelaysNoRenewalAndNoOtherListener() throws Exception {
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch otherHeard = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.ExecutorService> threads = new ArrayList<>();
        PortForwarder f = new PortForwarder(Provider.NATPMP, Duration.ofSeconds(60), "tun0", new PortForwarder.Parts(time,
                (gw, r) -> {
                    requests.add(r);
                    return grantAsAsked(r);
                }, iface -> "10.8.1.1", opened::add, new StatusFile(dir.resolve("p")), () -> 40000, () -> {
                    var t = java.util.concurrent.Executors.newSingleThreadExecutor();
                    threads.add(t);
                    return t;
                }));
        f.addListener(e -> {
            try {
                never.await(); // a hung hook or command
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        f.addListener(e -> otherHeard.countDown());
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        time.advance(Duration.ofSeconds(90));
        assertEquals(3, requests.size(), "leased, then renewed at 45 s and 90 s");
        assertTrue(otherHeard.await(30, java.util.concurrent.TimeUnit.SECONDS), "the other listener was told");
        f.close();
        for (var t : threads) {
            assertTrue(t.isShutdown());
        }
    }

    @Test
    void closingDeletesTheStatusFile() throws Exception {
        PortForwarder f = forwarder(Provider.NATPMP, 40000);
        f.accept(event(VpnState.STARTING, VpnState.RUNNING, "s1"));
        time.runDue();
        assertEquals("40000", statusFile());
        f.close();
        assertEquals("(none)", statusFile());
    }

    @Test
    void backoffDoublesAndIsCapped() {
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToObj(n -> PortForwarder.backoff(n).toSeconds()).toList());
    }
}
