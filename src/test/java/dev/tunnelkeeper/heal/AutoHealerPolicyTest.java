package dev.tunnelkeeper.heal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.health.ErrorKind;
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
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The healer's policy seam, in virtual time, driven by the real health loop. */
class AutoHealerPolicyTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();
    private final List<Long> restartsAtMs = new ArrayList<>();
    private final List<String> reasons = new ArrayList<>();
    private final List<HealEvent> asked = new ArrayList<>();
    private ScriptedProber prober;
    private AutoHealer healer;

    private void start(Outcome initial, boolean restartVpn, HealPolicy policy) {
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), restartVpn);
        prober = new ScriptedProber(time, initial);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        healer = new AutoHealer(time, settings, (reason, decidedBy) -> {
            restartsAtMs.add(Duration.between(t0, time.now()).toMillis());
            reasons.add(reason);
        }, loop::vpnRestarted, event -> {
            asked.add(event);
            return policy.decide(event);
        });
        loop.addListener(healer);
        healer.start();
        loop.start();
    }

    private static HealDecision wait(String why) {
        return new HealDecision(HealDecision.Action.WAIT, why, "test.mjs");
    }

    private static HealDecision restart(String why) {
        return new HealDecision(HealDecision.Action.RESTART, why, "test.mjs");
    }

    @Test
    void theDurationsAPolicyIsToldFollowTheMonotonicClockNotAWallClockThatJumps() {
        start(Outcome.TIMEOUT, true, BuiltinHealPolicy.INSTANCE);
        time.advance(Duration.ofSeconds(4)); // not healthy since the start
        time.setWallClock(time.now().minus(Duration.ofHours(1)));
        time.advance(Duration.ofSeconds(2)); // the window elapses at 6 s
        HealEvent atRestart = asked.get(asked.size() - 1);
        assertEquals(Duration.ofSeconds(6), atRestart.unhealthyFor());
        assertEquals(Duration.ofSeconds(6), atRestart.windowElapsed());
        assertEquals(List.of(6_000L - 3_600_000L), restartsAtMs); // the restart itself is on time; only the wall moved
    }

    @Test
    void theBuiltInPolicyGivesGluetunsWindows() {
        start(Outcome.TIMEOUT, true, BuiltinHealPolicy.INSTANCE);
        time.advance(Duration.ofSeconds(6 + 11 + 16));
        assertEquals(List.of(6_000L, 17_000L, 33_000L), restartsAtMs);
        assertEquals("unhealthy for 6s: dial tcp 10.0.0.1:443: i/o timeout", reasons.get(0));
    }

    @Test
    void aRestartNowOnAFailedCheckRestartsAtOnceAndTheWindowGrowsFromThere() {
        // the first check fails at 3 s (timeout 3 s); the policy restarts then, before the 6 s window is over
        start(Outcome.TIMEOUT, true, e -> e.trigger() == HealEvent.Trigger.CHECK_FAILED && e.restarts() == 0
                ? restart("the first timeout is enough") : BuiltinHealPolicy.INSTANCE.decide(e));
        time.advance(Duration.ofSeconds(30));
        // then the window is 11 s from 3 s: the built-in restarts at 14 s, and 16 s later at 30 s
        assertEquals(List.of(3_000L, 14_000L, 30_000L), restartsAtMs);
        assertEquals("test.mjs: the first timeout is enough", reasons.get(0));
        assertEquals(3, healer.restarts());
    }

    @Test
    void aPolicyThatAlwaysRestartsCannotStormANewTunnel() {
        start(Outcome.TIMEOUT, true, e -> restart("always"));
        time.advance(Duration.ofSeconds(30));
        // 3 s: the first failure restarts; 6 s (3 s later) is too soon; 11 s (8 s later) restarts; 14 s too soon;
        // 19 s restarts; 22 s too soon; 27 s restarts
        assertEquals(List.of(3_000L, 11_000L, 19_000L, 27_000L), restartsAtMs);
    }

    @Test
    void waitAtTheWindowsEndSkipsThatRestartAndTheWindowStillGrows() {
        int[] windows = {0};
        start(Outcome.TIMEOUT, true, e -> e.trigger() == HealEvent.Trigger.WINDOW_ELAPSED && windows[0]++ == 0
                ? wait("upstream outage") : BuiltinHealPolicy.INSTANCE.decide(e));
        try (LogCapture log = new LogCapture()) {
            time.advance(Duration.ofSeconds(6 + 11 + 16));
            // skipped at 6 s; the next window is 11 s: restart at 17 s, then 16 s later
            assertEquals(List.of(17_000L, 33_000L), restartsAtMs);
            assertEquals(1, log.count("INFO [healthcheck] program has been unhealthy for 6s: not restarting VPN yet: "
                    + "upstream outage (decided by test.mjs)"), log.lines().toString());
            assertEquals(1, log.count("program has been unhealthy for 11s: restarting VPN"));
        }
    }

    @Test
    void aThrowingPolicyLeavesTheBuiltInInCharge() {
        try (LogCapture log = new LogCapture()) {
            start(Outcome.TIMEOUT, true, e -> {
                throw new IllegalStateException("boom");
            });
            time.advance(Duration.ofSeconds(6 + 11));
            assertEquals(List.of(6_000L, 17_000L), restartsAtMs);
            assertTrue(log.count("the heal policy failed (java.lang.IllegalStateException: boom); the built-in decides") > 0);
        }
    }

    @Test
    void aNullDecisionLeavesTheBuiltInInCharge() {
        start(Outcome.TIMEOUT, true, e -> null);
        time.advance(Duration.ofSeconds(6 + 11));
        assertEquals(List.of(6_000L, 17_000L), restartsAtMs);
    }

    @Test
    void theEventCarriesTheFailuresTheWindowAndTheRestarts() {
        start(Outcome.TIMEOUT, true, BuiltinHealPolicy.INSTANCE);
        time.advance(Duration.ofSeconds(6));
        // checks: fail at 3 (timeout 3), window elapses at 6 during the 5 s check
        HealEvent first = asked.get(0);
        assertEquals(HealEvent.Trigger.CHECK_FAILED, first.trigger());
        assertEquals(1, first.consecutiveFailures());
        assertEquals(Optional.of(ErrorKind.TIMEOUT), first.lastErrorKind());
        assertEquals(Duration.ofSeconds(3), first.unhealthyFor());
        assertEquals(Duration.ofSeconds(6), first.window());
        assertEquals(Duration.ofSeconds(3), first.windowElapsed());
        assertEquals(0, first.restarts());
        HealEvent elapsed = asked.get(1);
        assertEquals(HealEvent.Trigger.WINDOW_ELAPSED, elapsed.trigger());
        assertEquals(Duration.ofSeconds(6), elapsed.windowElapsed());
        time.advance(Duration.ofSeconds(2)); // the check that started at 3 s fails at 8 s
        HealEvent afterRestart = asked.get(2);
        assertEquals(2, afterRestart.consecutiveFailures());
        assertEquals(Duration.ofSeconds(8), afterRestart.unhealthyFor());
        assertEquals(Duration.ofSeconds(11), afterRestart.window());
        assertEquals(Duration.ofSeconds(2), afterRestart.windowElapsed());
        assertEquals(1, afterRestart.restarts());
        assertEquals(Optional.of(t0.plusSeconds(6)), afterRestart.lastRestart());
    }

    @Test
    void aSuccessResetsTheFailureCountAndTheUnhealthyTime() {
        start(Outcome.TIMEOUT, true, BuiltinHealPolicy.INSTANCE);
        time.advance(Duration.ofSeconds(4));
        prober.set(Outcome.OK);
        time.advance(Duration.ofSeconds(10));
        prober.set(Outcome.TIMEOUT);
        asked.clear();
        time.advance(Duration.ofSeconds(10));
        HealEvent firstAfter = asked.get(0);
        assertEquals(1, firstAfter.consecutiveFailures());
        assertEquals(Duration.ZERO, firstAfter.unhealthyFor()); // the window runs from this first failure
        assertEquals(Duration.ofSeconds(6), firstAfter.window());
    }

    @Test
    void aVpnTheUserStoppedIsNotRestartedUntilTheyStartIt() {
        boolean[] stopped = {true};
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
        prober = new ScriptedProber(time, Outcome.TIMEOUT);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        healer = new AutoHealer(time, settings, (reason, decidedBy) -> restartsAtMs.add(Duration.between(t0, time.now()).toMillis()),
                loop::vpnRestarted, event -> {
                    asked.add(event);
                    return restart("always");
                }, () -> stopped[0]);
        loop.addListener(healer);
        try (LogCapture log = new LogCapture()) {
            healer.start();
            loop.start();
            time.advance(Duration.ofSeconds(17));
            assertEquals(List.of(), restartsAtMs);
            assertEquals(List.of(), asked);
            assertEquals(1, log.count("program has been unhealthy for 6s: not restarting VPN (it was stopped through the control API)"));
        }
        stopped[0] = false;
        time.advance(Duration.ofSeconds(8)); // the check that started at 15 s (timeout 9 s) fails at 24 s
        assertEquals(List.of(24_000L), restartsAtMs, "the next failed check: the policy restarts at once");
    }

    @Test
    void withRestartVpnOffThePolicyIsNotAskedAndNothingRestarts() {
        start(Outcome.TIMEOUT, false, e -> restart("always"));
        time.advance(Duration.ofSeconds(30));
        assertEquals(List.of(), restartsAtMs);
        assertEquals(List.of(), asked);
    }
}
