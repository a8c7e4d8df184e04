package dev.tunnelkeeper.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.health.ScriptedProber.Outcome;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's auto-healing windows, in virtual time, driven by the real health loop. */
class AutoHealerTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();
    private final List<Long> restartsAtMs = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private ScriptedProber prober;
    private AutoHealer healer;

    private void start(Outcome initial, boolean restartVpn) {
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), restartVpn);
        prober = new ScriptedProber(time, initial);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        healer = new AutoHealer(time, settings, (reason, decidedBy) -> {
            restartsAtMs.add(Duration.between(t0, time.now()).toMillis());
            reasons.add(reason);
        }, loop::vpnRestarted);
        loop.addListener(healer);
        healer.start();
        loop.start();
    }

    @Test
    void windowsAreSixElevenSixteenSecondsFromStartAndEachRestart() {
        start(Outcome.TIMEOUT, true);
        time.advance(Duration.ofSeconds(6 + 11 + 16 + 21));
        // restarts exactly when each window elapses: 6, 6+11, 6+11+16, 6+11+16+21
        assertEquals(List.of(6_000L, 17_000L, 33_000L, 54_000L), restartsAtMs);
        assertEquals(Duration.ofSeconds(26), healer.window());
    }

    @Test
    void noRestartOneMillisecondBeforeTheWindow() {
        start(Outcome.TIMEOUT, true);
        time.advance(Duration.ofMillis(5_999));
        assertEquals(List.of(), restartsAtMs);
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(6_000L), restartsAtMs);
    }

    @Test
    void aHealthyStartNeverRestarts() {
        start(Outcome.OK, true);
        time.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), restartsAtMs);
    }

    @Test
    void successResetsTheWindowAndItRunsFromTheFirstFailureAfter() {
        start(Outcome.TIMEOUT, true);
        time.advance(Duration.ofSeconds(17)); // restarts at 6 and 17: the window is now 16 s
        assertEquals(Duration.ofSeconds(16), healer.window());
        prober.set(Outcome.OK);
        while (!healer.window().equals(Duration.ofSeconds(6))) { // until a check succeeds
            time.advance(Duration.ofMillis(10));
        }
        List<ScriptedProber.Call> calls = prober.calls();
        long okAt = Duration.between(t0, calls.get(calls.size() - 1).start()).toMillis() + 20;
        prober.set(Outcome.TIMEOUT);
        time.advance(Duration.ofSeconds(30));
        // next check 5 s after the success, failing 3 s later; the 6 s window runs from that failure
        assertEquals(List.of(6_000L, 17_000L, okAt + 5_000 + 3_000 + 6_000), restartsAtMs.subList(0, 3));
    }

    @Test
    void aFlakyButRecoveringTunnelIsNotRestarted() {
        start(Outcome.OK, true);
        boolean[] fail = {false};
        prober.script(() -> (fail[0] = !fail[0]) ? Outcome.TIMEOUT : Outcome.OK); // fail, succeed, fail, ...
        time.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), restartsAtMs);
        assertTrue(prober.calls().size() > 50, "checks ran: " + prober.calls().size());
    }

    @ParameterizedTest
    @CsvSource({"6s,6000", "11s,11000", "1m0s,60000", "1m30s,90000"})
    void theRestartLineWritesTheWindowAsGoDoes(String written, long ms) {
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofMillis(ms), Duration.ofSeconds(5), true);
        prober = new ScriptedProber(time, Outcome.TIMEOUT);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        AutoHealer h = new AutoHealer(time, settings, (reason, decidedBy) -> { }, loop::vpnRestarted);
        loop.addListener(h);
        try (LogCapture log = new LogCapture()) {
            h.start();
            loop.start();
            time.advance(Duration.ofMillis(ms));
            assertEquals(1, log.count("INFO [healthcheck] program has been unhealthy for " + written + ": restarting VPN"),
                    log.lines().toString());
        }
    }

    @Test
    void theRestartComesWithTheClassifiedErrorAndTheLikelyCausesOnce() {
        try (LogCapture log = new LogCapture()) {
            start(Outcome.TIMEOUT, true);
            time.advance(Duration.ofSeconds(6));
            assertEquals(1, log.count("last error: dial tcp 10.0.0.1:443: i/o timeout: the VPN server is not responding"));
            assertEquals(1, log.count("likely causes, most likely first: 1) the VPN server IP address is no longer valid"));
            assertTrue(reasons.get(0).contains("unhealthy for 6s"), reasons.toString());
        }
        try (LogCapture log = new LogCapture()) {
            prober.set(Outcome.REFUSED);
            time.advance(Duration.ofSeconds(11));
            assertEquals(1, log.count("connection refused: the firewall blocks it because the VPN is not working"),
                    log.lines().toString());
        }
    }

    @Test
    void aTunnelThatCameUpOnItsOwnGetsAWholeWindowBeforeARestart() {
        start(Outcome.TIMEOUT, true);
        time.advance(Duration.ofSeconds(5)); // 5 s into the 6 s window, the client reconnects by itself
        healer.tunnelUp();
        time.advance(Duration.ofMillis(5_999));
        assertEquals(List.of(), restartsAtMs, "no restart of the new tunnel at the old window's end");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(11_000L), restartsAtMs, "a whole window from the moment it came up");
        assertEquals(Duration.ofSeconds(11), healer.window(), "and the window was not grown by the reconnect");
    }

    @Test
    void restartVpnOffKeepsLoggingButNeverRestarts() {
        try (LogCapture log = new LogCapture()) {
            start(Outcome.TIMEOUT, false);
            time.advance(Duration.ofSeconds(17));
            assertEquals(List.of(), restartsAtMs);
            assertEquals(1, log.count("program has been unhealthy for 6s: not restarting VPN (HEALTH_RESTART_VPN=off)"));
            assertEquals(1, log.count("program has been unhealthy for 11s: not restarting VPN (HEALTH_RESTART_VPN=off)"));
        }
    }

    @Test
    void aRestartStartsTheCheckTimeoutsOver() {
        start(Outcome.TIMEOUT, true);
        time.advance(Duration.ofSeconds(15)); // checks 0(3) 3(5) 8(7); restart at 6 during the 5 s check
        // the check that started at 8 was already running; the one after the restart request begins at 3 s
        List<Long> timeouts = prober.calls().stream().map(c -> c.timeout().toSeconds()).toList();
        assertEquals(List.of(3L, 5L, 3L, 5L), timeouts.subList(0, 4));
    }
}
