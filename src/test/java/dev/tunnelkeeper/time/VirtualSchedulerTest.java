package dev.tunnelkeeper.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final VirtualScheduler time = new VirtualScheduler(START);

    @Test
    void advancingMovesBothClocksAndRunsWhatFallsDueAtItsOwnTime() {
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(2), () -> ran.add("2s at " + time.elapsed().toSeconds()));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("1s at " + time.now()));
        assertEquals(2, time.advance(Duration.ofSeconds(3)));
        assertEquals(List.of("1s at 2026-01-01T00:00:01Z", "2s at 2"), ran);
        assertEquals(Duration.ofSeconds(3), time.elapsed());
        assertEquals(START.plusSeconds(3), time.now());
    }

    @Test
    void aWallClockJumpMovesNeitherDurationsNorDueTimes() {
        List<Duration> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(10), () -> ran.add(time.elapsed()));
        Duration mark = time.elapsed();
        time.setWallClock(START.minus(Duration.ofHours(1)));
        assertEquals(0, time.runDue(), "nothing falls due because the wall clock moved");
        time.advance(Duration.ofSeconds(4));
        assertEquals(START.minus(Duration.ofHours(1)).plusSeconds(4), time.now());
        assertEquals(Duration.ofSeconds(4), time.since(mark), "4 s passed, though the wall clock went back an hour");
        time.setWallClock(START.plus(Duration.ofDays(1)));
        time.advance(Duration.ofSeconds(6));
        assertEquals(List.of(Duration.ofSeconds(10)), ran, "due 10 s after it was scheduled");
    }

    @Test
    void advanceToMovesForwardOrSetsAnEarlierWallClock() {
        time.advanceTo(START.plusSeconds(30));
        assertEquals(Duration.ofSeconds(30), time.elapsed());
        time.advanceTo(START.plusSeconds(10));
        assertEquals(START.plusSeconds(10), time.now());
        assertEquals(Duration.ofSeconds(30), time.elapsed(), "the monotonic clock never goes back");
    }
}
