package dev.tunnelkeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.health.ScriptedProber.Outcome;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's check schedule, in virtual time. */
class HealthLoopTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();
    private final HealthState state = new HealthState(t0);

    private HealthLoop loop(ScriptedProber prober) {
        return new HealthLoop(time, prober, new HealthSchedule(Duration.ofSeconds(5)), state);
    }

    private List<Long> startSeconds(ScriptedProber p) {
        return p.calls().stream().map(c -> Duration.between(t0, c.start()).toMillis()).toList();
    }

    private List<Long> timeoutSeconds(ScriptedProber p) {
        return p.calls().stream().map(c -> c.timeout().toSeconds()).toList();
    }

    @Test
    void startsUnhealthyWithTheSeedsMessage() {
        assertFalse(state.status().healthy());
        assertEquals("healthcheck did not run yet", state.status().error().orElseThrow());
    }

    @Test
    void failuresRetryAtOnceWithTimeoutsGrowingByTwoSecondsCappedAtTen() {
        ScriptedProber p = new ScriptedProber(time, Outcome.TIMEOUT);
        loop(p).start();
        time.advance(Duration.ofSeconds(54));
        assertEquals(List.of(3L, 5L, 7L, 9L, 10L, 10L, 10L), timeoutSeconds(p).subList(0, 7));
        // each check starts the moment the previous one timed out
        assertEquals(List.of(0L, 3_000L, 8_000L, 15_000L, 24_000L, 34_000L, 44_000L), startSeconds(p).subList(0, 7));
    }

    @Test
    void successWaitsFiveSecondsAndResetsTheTimeout() {
        ScriptedProber p = new ScriptedProber(time, Outcome.TIMEOUT);
        loop(p).start();
        time.advance(Duration.ofMillis(7_999)); // checks at 0 (3 s) and 3 (5 s) fail; the third starts at 8 with 7 s
        p.set(Outcome.OK);
        time.advance(Duration.ofMillis(21)); // the third check succeeds at 8.020
        assertTrue(state.status().healthy());
        time.advance(Duration.ofSeconds(5));
        List<ScriptedProber.Call> calls = p.calls();
        assertEquals(4, calls.size());
        assertEquals(8_020 + 5_000, Duration.between(t0, calls.get(3).start()).toMillis());
        assertEquals(Duration.ofSeconds(3), calls.get(3).timeout());
    }

    @Test
    void afterASuccessTheNextFailureStartsBackAtThreeSeconds() {
        ScriptedProber p = new ScriptedProber(time, Outcome.TIMEOUT);
        loop(p).start();
        time.advance(Duration.ofSeconds(15)); // 3, 5, 7 failed; the fourth (9 s) is running
        p.set(Outcome.OK);
        time.advance(Duration.ofSeconds(9)); // it still times out: outcomes are decided at start
        time.advance(Duration.ofSeconds(1)); // the fifth (10 s) starts at 24 and succeeds at 24.020
        p.set(Outcome.TIMEOUT);
        time.advance(Duration.ofSeconds(5)); // the sixth starts at 29.020
        assertEquals(List.of(3L, 5L, 7L, 9L, 10L, 3L), timeoutSeconds(p));
    }

    @Test
    void instantFailuresAreSpacedOneSecondApartInsteadOfSpinning() {
        ScriptedProber p = new ScriptedProber(time, Outcome.REFUSED);
        loop(p).start();
        time.advance(Duration.ofMillis(4_500));
        assertEquals(List.of(0L, 1_000L, 2_000L, 3_000L, 4_000L), startSeconds(p));
    }

    @Test
    void transitionsAreLoggedOnceEach() {
        try (LogCapture log = new LogCapture()) {
            ScriptedProber p = new ScriptedProber(time, Outcome.TIMEOUT);
            loop(p).start();
            time.advance(Duration.ofSeconds(24)); // four failures
            p.set(Outcome.OK);
            time.advance(Duration.ofSeconds(20)); // fifth fails (decided at its start), then successes
            p.set(Outcome.TIMEOUT);
            time.advance(Duration.ofSeconds(30));
            assertEquals(2, log.count("INFO [healthcheck] unhealthy: dial tcp 10.0.0.1:443: i/o timeout"), log.lines().toString());
            assertEquals(1, log.count("INFO [healthcheck] healthy!"), log.lines().toString());
        }
    }

    @Test
    void stopEndsTheLoop() {
        ScriptedProber p = new ScriptedProber(time, Outcome.OK);
        HealthLoop loop = loop(p);
        loop.start();
        time.advance(Duration.ofSeconds(11));
        int before = p.calls().size();
        loop.stop();
        time.advance(Duration.ofMinutes(1));
        assertEquals(before, p.calls().size());
        assertEquals(0, time.pending());
    }
}
