package dev.tunnelkeeper.vpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.ConnectionSource.NoServerException;
import dev.tunnelkeeper.vpn.FakeVpnClient.FakeTunnel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The state machine in virtual time, with a client, a server source and a kill switch driven by the test. */
class VpnSupervisorTest {
    private static final Duration READY = Duration.ofSeconds(15);
    /** Jitter at its midpoint: every backoff is exact. */
    private static final Random NO_JITTER = new Random() {
        @Override
        public double nextDouble() {
            return 0.5;
        }
    };

    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<VpnEvent> events = new ArrayList<>();
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeVpnClient client = new FakeVpnClient(calls);
    private final RecordingSource source = new RecordingSource(calls, RecordingSource.NL, RecordingSource.DE);
    private final RecordingKillSwitch killSwitch = new RecordingKillSwitch(calls);
    private final LogCapture log = new LogCapture();
    private final VpnSupervisor supervisor =
            new VpnSupervisor(client, source, killSwitch, time, READY, Backoff.DEFAULT, NO_JITTER);

    {
        supervisor.addListener(events::add);
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void startAsksForAServerOpensTheEndpointStartsTheClientAndIsRunningOnceReady() {
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        assertEquals(VpnState.STARTING, supervisor.status().state());
        assertFalse(outcome.isDone(), "a start completes when the tunnel is ready, not when the process exists");
        assertEquals(List.of("allow 10.0.0.1:1194/udp", "client start nl-1"), calls);
        assertTrue(log.lines().contains("INFO [vpn] connecting to nl-1 (10.0.0.1:1194/udp, Netherlands/Amsterdam)"), log.lines()::toString);

        time.advance(Duration.ofMillis(120));
        client.last().ready.complete(null);
        time.runDue();

        assertEquals(VpnState.RUNNING, outcome.join().state());
        assertEquals(List.of("allow 10.0.0.1:1194/udp", "client start nl-1", "up tun0", "connected nl-1"), calls);
        assertEquals(List.of("stopped->starting", "starting->running"), transitions());
        VpnEvent up = events.getLast();
        assertEquals(Optional.of(RecordingSource.NL), up.connection());
        assertEquals(Instant.parse("2026-01-01T00:00:00.120Z"), up.time());
        assertEquals("tunnel tun0 to nl-1 ready in 120 ms", up.reason());
        assertTrue(log.lines().contains("INFO [vpn] starting -> running: tunnel tun0 to nl-1 ready in 120 ms"), log.lines()::toString);
    }

    @Test
    void aClientNotReadyWithinTheTimeoutIsAFailedAttemptRetriedAfterTheBackoff() {
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.advance(READY.minusMillis(1));
        assertEquals(VpnState.STARTING, supervisor.status().state());

        time.advance(Duration.ofMillis(1));

        assertEquals(VpnState.CRASHED, outcome.join().state());
        String reason = "the tunnel to nl-1 (10.0.0.1:1194/udp, Netherlands/Amsterdam) was not ready within 15s";
        assertEquals(reason, supervisor.status().reason());
        assertTrue(calls.contains("connectFailed nl-1: " + reason), calls::toString);
        assertEquals(1, log.count("INFO [vpn] the VPN server did not answer in time; likely causes, most likely first: 1) "));
        assertEquals(1, client.last().stops, "the half-started client is torn down");
        time.advance(Duration.ofMillis(999));
        assertEquals(1, client.tunnels.size());
        time.advance(Duration.ofMillis(1));
        assertEquals(2, client.tunnels.size(), "retried 1 s later");
        assertEquals("de-1", client.last().connection.serverName(), "the source is asked again for each attempt");
        assertEquals(VpnState.STARTING, supervisor.status().state());
    }

    @Test
    void consecutiveFailuresBackOffExponentiallyUpToTheCap() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            client.last().ended.complete("openvpn exited with status 1");
            time.runDue();
            waits.add(millisUntilNextStart());
        }
        assertEquals(List.of(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L), waits);
    }

    @Test
    void withSeveralServersTheBackoffGrowsOncePerRoundOfThem() {
        // Every server down, then one back (a fault of FaultSuiteLabTest): growing the wait per attempt would put the
        // growing waits before each dead server in turn, and reach the one that came back more than a minute later.
        source.choices = 2;
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            client.last().ended.complete("openvpn exited with status 1");
            time.runDue();
            waits.add(millisUntilNextStart());
        }
        assertEquals(List.of(1000L, 1000L, 1000L, 2000L, 1000L, 4000L, 1000L, 8000L), waits);
    }

    @Test
    void aTunnelThatDiesIsReportedLostClosedInTheFirewallTornDownAndRestarted() {
        runningOn(RecordingSource.NL);
        FakeTunnel tunnel = client.last();
        tunnel.lines = List.of("Initialization Sequence Completed", "SIGTERM[hard,] received, process exiting");
        calls.clear();

        tunnel.ended.complete("openvpn exited with status 1");
        time.runDue();

        assertEquals(VpnState.CRASHED, supervisor.status().state());
        assertEquals("openvpn exited with status 1", supervisor.status().reason());
        assertEquals(List.of("down tun0", "lost nl-1: openvpn exited with status 1", "tunnel stop nl-1"), calls);
        assertTrue(log.lines().contains("WARN [vpn] running -> crashed: openvpn exited with status 1"), log.lines()::toString);
        assertTrue(log.lines().contains("INFO [vpn]   | SIGTERM[hard,] received, process exiting"), log.lines()::toString);
        assertTrue(log.lines().contains("INFO [vpn] retrying in 1s (1 failed in a row)"), log.lines()::toString);
        time.advance(Duration.ofSeconds(1));
        assertEquals(VpnState.STARTING, supervisor.status().state());
    }

    @Test
    void theFailureCountStartsAfreshAfterATunnelStayedUpAWhile() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        for (int i = 0; i < 3; i++) { // waits 1, 2, 4 s
            client.last().ended.complete("exit 1");
            time.runDue();
            millisUntilNextStart();
        }
        client.last().ready.complete(null);
        time.runDue();
        time.advance(Duration.ofMillis(500)); // under RECONNECT_AT_ONCE_AFTER
        client.last().ended.complete("exit 1");
        time.runDue();
        assertEquals(8000, millisUntilNextStart(), "up for 0.5 s: still the same streak");

        client.last().ready.complete(null);
        time.runDue();
        time.advance(Backoff.DEFAULT.stableAfter());
        int before = client.tunnels.size();
        client.last().ended.complete("exit 1");
        time.runDue();
        assertEquals(before + 1, client.tunnels.size(), "up for 60 s, then lost: reconnected at once");
        client.last().ended.complete("exit 1");
        time.runDue();
        assertEquals(2000, millisUntilNextStart(), "a new streak: the loss was the first failure, this attempt the second");
    }

    @Test
    void aTunnelLostAfterWorkingAWhileIsReconnectedAtOnceAndAFailingRetryBacksOffLonger() {
        // openvpn's ping-restart on a dead server (bench/recovery.sh) must not go through the crash backoff: 1 s, then
        // 2, 4, 8 s as tunnels under 60 s old are lost in a row would be up to 25 s from the death to recovery.
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        client.last().ended.complete("exit 1"); // a failed attempt: 1 s
        time.runDue();
        assertEquals(1000, millisUntilNextStart());
        client.last().ready.complete(null);
        time.runDue();
        time.advance(VpnSupervisor.RECONNECT_AT_ONCE_AFTER);
        int before = client.tunnels.size();
        client.last().ended.complete("openvpn restarted its connection on its own (soft,ping-restart)");
        time.runDue();
        assertEquals(before + 1, client.tunnels.size(), "up long enough, then lost: a new attempt at once");
        assertTrue(log.lines().contains("INFO [vpn] retrying in 0s (2 failed in a row)"), log.lines()::toString);
        client.last().ended.complete("exit 1"); // the new attempt fails: the streak goes on
        time.runDue();
        assertEquals(4000, millisUntilNextStart());
    }

    @Test
    void stopTearsDownAndCompletesOnceTheClientIsGone() {
        client.stopsAtOnce = false;
        runningOn(RecordingSource.NL);
        calls.clear();

        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.stop(Cause.USER, "stopped through the control API"));
        time.runDue();
        assertEquals(VpnState.STOPPING, supervisor.status().state());
        assertEquals(List.of("down tun0", "tunnel stop nl-1"), calls, "the firewall closes the tunnel before teardown; a stop is no loss to report");
        assertFalse(outcome.isDone());

        client.last().stopped.complete(null);
        time.runDue();
        assertEquals(VpnState.STOPPED, outcome.join().state());
        assertEquals("stopped through the control API", outcome.join().reason());
    }

    @Test
    void restartTearsDownAndConnectsAgainAskingTheSourceForAServer() {
        runningOn(RecordingSource.NL);
        calls.clear();

        supervisor.send(VpnRequest.restart(Cause.HEALER, "healthcheck failed for 6s"));
        time.runDue();

        assertEquals(List.of("down tun0", "lost nl-1: restarted: healthcheck failed for 6s", "tunnel stop nl-1",
                "allow 10.0.0.2:443/tcp", "client start de-1"), calls);
        assertEquals(List.of("stopped->starting", "starting->running", "running->stopping", "stopping->starting"), transitions());
        client.last().ready.complete(null);
        time.runDue();
        assertEquals(VpnState.RUNNING, supervisor.status().state());
        assertEquals(Optional.of(RecordingSource.DE), supervisor.status().connection());
    }

    @Test
    void anExplicitRestartBeforeTheTunnelWasReadyCountsAsAFailedConnect() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        supervisor.send(VpnRequest.restart(Cause.USER, "healthcheck failed for 6s"));
        time.runDue();
        assertTrue(calls.contains("connectFailed nl-1: restarted before the tunnel was ready: healthcheck failed for 6s"), calls::toString);
        assertEquals(2, client.tunnels.size());
    }

    @Test
    void theHealersRestartLetsAConnectAttemptUnderWayFinish() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        supervisor.send(VpnRequest.restart(Cause.HEALER, "unhealthy for 6s"));
        time.runDue();
        assertEquals(1, client.tunnels.size(), "the attempt under way is not cut short");
        assertEquals(VpnState.STARTING, supervisor.status().state());
        assertTrue(log.lines().contains("INFO [vpn] restart requested (unhealthy for 6s): a connect attempt is under way, letting it finish"),
                log.lines()::toString);
        VpnEvent joined = events.getLast();
        assertFalse(joined.moved(), "no state change");
        assertEquals(VpnState.STARTING, joined.to());
        assertEquals(Optional.of(Cause.HEALER), joined.restartBegun(), "still the healer's restart: the attempt under way is it");
    }

    @Test
    void aVpnStoppedOnRequestStaysStoppedWhenTheHealerAsksForARestart() {
        runningOn(RecordingSource.NL);
        supervisor.send(VpnRequest.stop(Cause.USER, "user"));
        time.runDue();
        calls.clear();

        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.restart(Cause.USER, "healthcheck failed for 6s"));
        time.advance(Duration.ofMinutes(1));

        assertEquals(VpnState.STOPPED, outcome.join().state());
        assertEquals(List.of(), calls);
        assertTrue(log.lines().contains("INFO [vpn] restart requested (healthcheck failed for 6s) but the VPN was stopped on request: it stays stopped"), log.lines()::toString);
    }

    @Test
    void aRestartWhileWaitingToRetryKeepsTheScheduledRetry() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        client.last().ended.complete("exit 1");
        time.runDue();

        supervisor.send(VpnRequest.restart(Cause.HEALER, "healthcheck failed for 6s"));
        time.runDue();
        assertEquals(1, client.tunnels.size(), "no extra attempt");
        time.advance(Duration.ofSeconds(1));
        assertEquals(2, client.tunnels.size(), "the retry happens on its schedule");
    }

    @Test
    void aFirewallThatCannotAllowTheEndpointStopsTheStartFailClosed() {
        killSwitch.refuse = "allow";
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();

        assertEquals(VpnState.CRASHED, outcome.join().state());
        assertEquals("kill switch failed: iptables: the endpoint rule cannot be added (exit 4)", outcome.join().reason());
        assertEquals(List.of("allow 10.0.0.1:1194/udp"), calls, "no client started, and the server is not blamed");
        assertTrue(log.lines().contains("ERROR [vpn] the kill switch cannot allow 10.0.0.1:1194/udp: "
                + "iptables: the endpoint rule cannot be added (exit 4); not connecting (fail closed)"), log.lines()::toString);

        killSwitch.refuse = "";
        time.advance(Duration.ofSeconds(1));
        assertEquals(1, client.tunnels.size(), "retried once the backoff passed");
    }

    @Test
    void aFirewallThatCannotOpenTheTunnelTearsItDown() {
        killSwitch.refuse = "up";
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        client.last().ready.complete(null);
        time.runDue();

        assertEquals(VpnState.CRASHED, supervisor.status().state());
        assertEquals(1, client.last().stops);
        assertFalse(calls.stream().anyMatch(c -> c.startsWith("connected")), calls::toString);
    }

    @Test
    void aClientThatCannotStartIsAFailedConnect() {
        client.failNextStart = new VpnClientException("cannot start openvpn: Cannot run program \"openvpn\": error=2, No such file or directory");
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();

        assertEquals(VpnState.CRASHED, outcome.join().state());
        assertEquals("cannot start the VPN client toward nl-1: cannot start openvpn: Cannot run program \"openvpn\": error=2, No such file or directory",
                outcome.join().reason());
        assertTrue(calls.getLast().startsWith("connectFailed nl-1: cannot start the VPN client"), calls::toString);
    }

    @Test
    void noServerToChooseIsReportedWithTheSourcesMessageAndRetried() {
        source.failNext = new NoServerException("no server matches SERVER_COUNTRIES=Atlantis");
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();

        assertEquals(VpnState.CRASHED, outcome.join().state());
        assertEquals("no server to connect to: no server matches SERVER_COUNTRIES=Atlantis", outcome.join().reason());
        assertEquals(Optional.empty(), outcome.join().connection());
        time.advance(Duration.ofSeconds(1));
        assertEquals(1, client.tunnels.size());
    }

    @Test
    void stopWhileStartingTearsTheClientDownWithoutBlamingTheServer() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.stop(Cause.USER, "user"));
        time.runDue();

        assertEquals(VpnState.STOPPED, outcome.join().state());
        assertEquals(List.of("allow 10.0.0.1:1194/udp", "client start nl-1", "tunnel stop nl-1"), calls);
        client.last().ready.complete(null); // too late: ignored
        time.advance(Duration.ofMinutes(1));
        assertEquals(VpnState.STOPPED, supervisor.status().state());
    }

    @Test
    void stopWhileWaitingToRetryCancelsTheRetry() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        client.last().ended.complete("exit 1");
        time.runDue();

        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.stop(Cause.USER, "user"));
        time.runDue();
        assertEquals(VpnState.STOPPED, outcome.join().state());
        time.advance(Duration.ofMinutes(1));
        assertEquals(1, client.tunnels.size());
    }

    @Test
    void aStartDuringTheStopBringsTheTunnelBackUp() {
        client.stopsAtOnce = false;
        runningOn(RecordingSource.NL);
        supervisor.send(VpnRequest.stop(Cause.USER, "user"));
        time.runDue();
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        assertEquals(VpnState.STOPPING, supervisor.status().state());

        client.last().stopped.complete(null);
        time.runDue();
        client.last().ready.complete(null);
        time.runDue();
        assertEquals(VpnState.RUNNING, outcome.join().state());
        assertEquals(2, client.tunnels.size());
    }

    @Test
    void theNextAttemptWaitsUntilTheLastClientIsGone() {
        client.stopsAtOnce = false;
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        FakeTunnel first = client.last();
        first.ended.complete("exit 1");
        time.runDue();

        time.advance(Duration.ofSeconds(5));
        assertEquals(1, client.tunnels.size(), "same interface name: never two clients at once");
        first.stopped.complete(null);
        time.runDue();
        assertEquals(2, client.tunnels.size());
    }

    @Test
    void newsFromAnOldTunnelDoesNotDisturbTheCurrentOne() {
        runningOn(RecordingSource.NL);
        FakeTunnel old = client.last();
        supervisor.send(VpnRequest.restart(Cause.HEALER, "healthcheck failed for 6s"));
        time.runDue();
        client.last().ready.complete(null);
        time.runDue();

        old.ended.complete("openvpn exited with status 0");
        time.runDue();

        assertEquals(VpnState.RUNNING, supervisor.status().state());
    }

    @Test
    void aFailingListenerIsLoggedAndTheOthersStillHear() {
        List<VpnEvent> later = new ArrayList<>();
        supervisor.addListener(e -> {
            throw new IllegalStateException("boom");
        });
        supervisor.addListener(later::add);
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();

        assertEquals(1, later.size());
        assertEquals(1, log.count("a VPN event listener failed: java.lang.IllegalStateException: boom"));
    }

    @Test
    void theBlockingFormsReturnTheStateReachedOrTheCurrentOneAtTheTimeout() throws Exception {
        try (var scheduler = new dev.tunnelkeeper.time.SystemScheduler("vpn-test")) {
            FakeVpnClient instant = new FakeVpnClient(calls) {
                @Override
                public Tunnel start(Connection connection) throws VpnClientException {
                    Tunnel tunnel = super.start(connection);
                    if (tunnels.size() == 1) {
                        ((FakeTunnel) tunnel).ready.complete(null);
                    }
                    return tunnel;
                }
            };
            VpnSupervisor real = new VpnSupervisor(instant, source, killSwitch, scheduler, READY, Backoff.DEFAULT, NO_JITTER);

            assertEquals(VpnState.RUNNING, real.sendAndWait(VpnRequest.start(Cause.USER), Duration.ofSeconds(5)).state());
            // the second tunnel never gets ready, so the restart waits out its whole limit; a limit of seconds lets the
            // scheduler's thread reach STARTING first however busy the machine is (50 ms did not always)
            assertEquals(VpnState.STARTING, real.sendAndWait(VpnRequest.restart(Cause.USER, "test"), Duration.ofSeconds(3)).state(), "the second tunnel never gets ready");
            assertEquals(VpnState.STOPPED, real.sendAndWait(VpnRequest.stop(Cause.USER, "test"), Duration.ofSeconds(5)).state());
        }
    }

    @Test
    void everyEventCarriesTheRequestItCarriesOutAndTheIntentSaysWhoStoppedIt() {
        supervisor.send(VpnRequest.start(Cause.START_UP));
        time.runDue();
        client.last().ready.complete(null);
        time.runDue();
        supervisor.send(VpnRequest.restart(Cause.HEALER, "unhealthy for 6s"));
        time.runDue();
        client.last().ended.complete("exit 1");
        time.runDue();
        supervisor.send(VpnRequest.stop(Cause.USER, "stopped through the control server"));
        time.runDue();

        assertEquals(List.of("stopped->starting START_UP", "starting->running START_UP", "running->stopping HEALER",
                "stopping->starting HEALER", "starting->crashed CRASH", "crashed->stopped USER"),
                events.stream().map(e -> e.from().id() + "->" + e.to().id() + " " + e.cause()).toList());
        assertEquals(List.of(Optional.empty(), Optional.empty(), Optional.of(Cause.HEALER), Optional.empty(),
                Optional.of(Cause.CRASH), Optional.empty()), events.stream().map(VpnEvent::restartBegun).toList(),
                "a restart begins once, at its first step");
        assertEquals(VpnRequest.stop(Cause.USER, "stopped through the control server"), supervisor.intent());
    }

    @Test
    void aRestartTowardANamedServerAsksTheSourceForItOnce() {
        runningOn(RecordingSource.NL);
        supervisor.send(VpnRequest.restart(Cause.USER, "switching to de-1").toward(NextServer.named("de-1")));
        time.runDue();
        client.last().ready.complete(null);
        time.runDue();
        client.last().ended.complete("exit 1");
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of(NextServer.ANY, NextServer.named("de-1"), NextServer.ANY), source.wishes);
    }

    @Test
    void aHookSwitchWhileARetryIsScheduledSteersThatRetry() {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        client.last().ended.complete("exit 1");
        time.runDue();
        supervisor.send(VpnRequest.restartByHook("steer.mjs", "switching").toward(new NextServer(Optional.empty(), Optional.of("nl-1"))));
        time.runDue();
        assertTrue(log.lines().contains("INFO [vpn] restart requested (switching): a retry is already scheduled"), log.lines()::toString);
        time.advance(Duration.ofSeconds(2));
        assertEquals(List.of(NextServer.ANY, new NextServer(Optional.empty(), Optional.of("nl-1"))), source.wishes);
    }

    private void runningOn(Connection expected) {
        supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        assertEquals(expected, client.last().connection);
        client.last().ready.complete(null);
        time.runDue();
        assertEquals(VpnState.RUNNING, supervisor.status().state());
    }

    /** Advances the clock 1 ms at a time until the next client starts; returns how long that took. */
    private long millisUntilNextStart() {
        int before = client.tunnels.size();
        for (long ms = 1; ms <= 60_000; ms++) {
            time.advance(Duration.ofMillis(1));
            if (client.tunnels.size() > before) {
                return ms;
            }
        }
        throw new AssertionError("no new attempt within 60 s");
    }

    private List<String> transitions() {
        return events.stream().map(e -> e.from().id() + "->" + e.to().id()).toList();
    }

    /** openvpn's Options error (the tunnel ends with a configuration error): no retry, stopped for good, listeners told. */
    @Test
    void aRefusedConfigurationStopsTheVpnForGoodInsteadOfRetrying() {
        List<List<String>> refused = new ArrayList<>();
        supervisor.onConfigurationError(e -> refused.add(e.problems()));
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        String problem = "OPENVPN_CUSTOM_CONFIG=\"/gluetun/custom.ovpn\" line 6 (\"keysize 256\"): openvpn 2.6.14 does not know "
                + "the option \"keysize\", or not with these arguments; valid: the option as openvpn 2.6.14's manual writes it, or remove the line";
        client.last().ended.completeExceptionally(new VpnConfigurationException(List.of(problem)));
        time.runDue();

        assertEquals(VpnState.STOPPED, outcome.join().state());
        assertEquals(List.of(List.of(problem)), refused);
        assertEquals(1, client.last().stops);
        assertTrue(log.lines().contains("ERROR [vpn] configuration error: " + problem), log.lines()::toString);
        time.advance(Duration.ofMinutes(5));
        assertEquals(1, client.tunnels.size(), "never retried");
        supervisor.send(VpnRequest.restart(Cause.HEALER, "unhealthy for 6s"));
        time.runDue();
        assertEquals(1, client.tunnels.size(), "the healer's restart does not start it either");
        assertEquals(VpnState.STOPPED, supervisor.status().state());
        assertTrue(calls.stream().noneMatch(c -> c.startsWith("connectFailed")), "not the server's fault: " + calls);
    }

    @Test
    void aConfigurationRefusedBeforeTheClientRunsStopsTheVpnToo() {
        List<List<String>> refused = new ArrayList<>();
        supervisor.onConfigurationError(e -> refused.add(e.problems()));
        client.failNextStart = new VpnConfigurationException(List.of("OPENVPN_USER is not set, but ..."));
        CompletableFuture<VpnStatus> outcome = supervisor.send(VpnRequest.start(Cause.USER));
        time.runDue();
        assertEquals(VpnState.STOPPED, outcome.join().state());
        assertEquals(List.of(List.of("OPENVPN_USER is not set, but ...")), refused);
        time.advance(Duration.ofMinutes(1));
        assertEquals(VpnState.STOPPED, supervisor.status().state());
        assertTrue(client.tunnels.isEmpty());
    }
}
