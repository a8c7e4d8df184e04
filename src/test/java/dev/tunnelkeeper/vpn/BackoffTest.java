package dev.tunnelkeeper.vpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static Random fixed(double value) {
        return new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void doublesFromOneSecondUpToTheCap() {
        Random middle = fixed(0.5);
        assertEquals(
                IntStream.of(1, 2, 4, 8, 16, 30, 30, 30).mapToObj(Duration::ofSeconds).toList(),
                IntStream.rangeClosed(1, 8).mapToObj(n -> Backoff.DEFAULT.delay(n, middle)).toList());
    }

    @Test
    void jitterStretchesOrShrinksEachWaitByAtMostAFifth() {
        assertEquals(Duration.ofMillis(800), Backoff.DEFAULT.delay(1, fixed(0.0)));
        assertEquals(Duration.ofMillis(1200), Backoff.DEFAULT.delay(1, fixed(1.0)));
        assertEquals(Duration.ofSeconds(36), Backoff.DEFAULT.delay(20, fixed(1.0)));
        Random seeded = new Random(42);
        for (int n = 1; n < 1000; n++) {
            Duration d = Backoff.DEFAULT.delay(n % 10 + 1, seeded);
            Duration base = Backoff.DEFAULT.delay(n % 10 + 1, fixed(0.5));
            assertTrue(Math.abs(d.toNanos() - base.toNanos()) <= base.toNanos() * 0.2 + 1, d + " vs " + base);
        }
    }

    @Test
    void aTunnelUpForAMinuteCountsAsStable() {
        assertFalse(Backoff.DEFAULT.stable(Duration.ofSeconds(59)));
        assertTrue(Backoff.DEFAULT.stable(Duration.ofSeconds(60)));
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(10), 2, Duration.ofSeconds(1), 0.2, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(30), 1.5, Duration.ofMinutes(1)));
    }
}
