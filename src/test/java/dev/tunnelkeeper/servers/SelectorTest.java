package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorTest {
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration COOLDOWN = Duration.ofMinutes(5);
    /** The time source's monotonic reading at NOW. */
    private static final Duration ELAPSED = Duration.ofHours(1);
    private static final SelectionContext CONTEXT = new SelectionContext(NOW, ELAPSED, COOLDOWN, Optional.empty());

    /**
     * Candidates a, b, c, d, e in priority order; {@code failedAgo} gives, per candidate, how many seconds ago it last
     * failed ('-' for never).
     */
    private static List<Candidate> candidates(String failedAgo) {
        String[] ago = failedAgo.split(",");
        List<Candidate> out = new ArrayList<>();
        for (int i = 0; i < ago.length; i++) {
            Server server = Fixtures.openvpn(i, String.valueOf((char) ('a' + i)));
            History history = History.NONE;
            if (!ago[i].strip().equals("-")) {
                long seconds = Long.parseLong(ago[i].strip());
                history = history.failed(new History.Failure(NOW.minusSeconds(seconds), ELAPSED.minusSeconds(seconds),
                        History.Kind.CONNECT, "203.0.113.1", "timeout"));
            }
            out.add(new Candidate(server, history));
        }
        return out;
    }

    private static String name(Optional<Candidate> chosen) {
        return chosen.orElseThrow().server().name();
    }

    /** Columns: seconds since each of a..e failed ('-': never) | ordered's choice. Cool-down 300 s. */
    @ParameterizedTest(name = "failed {0} s ago -> {1}")
    @CsvSource(delimiter = '|', value = {
            "-, -, -, -, -           | a",
            "10, -, -, -, -          | b",
            "10, 20, -, -, -         | c",
            "299, 299, 299, 299, -   | e",
            "300, 10, 10, 10, 10     | a",
            "10, 20, 30, 40, 50      | e",
            "50, 40, 300, 20, 10     | c",
            "100, 200, 200, 100, 50  | b"})
    void orderedTakesTheFirstRestedElseTheOneThatFailedLongestAgo(String failedAgo, String expected) {
        assertEquals(expected, name(new OrderedSelector().select(candidates(failedAgo), CONTEXT)));
    }

    @Test
    void orderedFailsBackToThePrimaryOnceItsCooldownIsOver() {
        List<Candidate> primaryFailed = candidates("0, -, -");
        OrderedSelector ordered = new OrderedSelector();
        assertEquals("b", name(ordered.select(primaryFailed, CONTEXT)));
        SelectionContext almost = new SelectionContext(NOW.plus(COOLDOWN).minusMillis(1),
                ELAPSED.plus(COOLDOWN).minusMillis(1), COOLDOWN, Optional.empty());
        assertEquals("b", name(ordered.select(primaryFailed, almost)));
        SelectionContext over = new SelectionContext(NOW.plus(COOLDOWN), ELAPSED.plus(COOLDOWN), COOLDOWN,
                Optional.empty());
        assertEquals("a", name(ordered.select(primaryFailed, over)));
    }

    @Test
    void randomNeverPicksAServerThatFailedWithinTheCooldown() {
        List<Candidate> candidates = candidates("10, -, 299, -, 301");
        RandomSelector random = new RandomSelector(new Random(42));
        Map<String, Integer> picks = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            picks.merge(name(random.select(candidates, CONTEXT)), 1, Integer::sum);
        }
        assertEquals(List.of("b", "d", "e"), picks.keySet().stream().sorted().toList(), picks.toString());
        // Uniform among the three rested ones: each near 10 000.
        picks.values().forEach(n -> assertTrue(n > 9_000 && n < 11_000, picks.toString()));
    }

    @ParameterizedTest(name = "failed {0} s ago -> {1}")
    @CsvSource(delimiter = '|', value = {
            "10, 20, 30, 40, 50     | e",
            "50, 40, 30, 20, 10     | a",
            "10, 200, 200, 100, 50  | b"})
    void randomWhenAllFailedTakesTheOneThatFailedLongestAgo(String failedAgo, String expected) {
        RandomSelector random = new RandomSelector(new Random(7));
        for (int i = 0; i < 100; i++) {
            assertEquals(expected, name(random.select(candidates(failedAgo), CONTEXT)));
        }
    }

    @Test
    void aZeroCooldownNeverPassesOverAServer() {
        SelectionContext noCooldown = new SelectionContext(NOW, ELAPSED, Duration.ZERO, Optional.empty());
        assertEquals("a", name(new OrderedSelector().select(candidates("0, -"), noCooldown)));
    }

    @Test
    void noCandidatesNoChoice() {
        assertEquals(Optional.empty(), new RandomSelector(new Random(1)).select(List.of(), CONTEXT));
        assertEquals(Optional.empty(), new OrderedSelector().select(List.of(), CONTEXT));
    }
}
