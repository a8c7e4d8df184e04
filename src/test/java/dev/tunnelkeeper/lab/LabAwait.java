package dev.tunnelkeeper.lab;

import java.time.Duration;

/** Polls the health target from the client namespace until it answers as expected (tunnels take a moment). */
final class LabAwait {
    private static final Duration DIAL_TIMEOUT = Duration.ofSeconds(1);

    private LabAwait() {
    }

    /** The first dial answering {@code expected}, or an AssertionError with the last dial's outcome and the client's log. */
    static DialResult assertTargetAnswers(Lab lab, String expected, Duration within, BareClient client) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            DialResult dial = lab.dialTarget(DIAL_TIMEOUT);
            if (dial.connected() && dial.answer().equals(expected)) {
                return dial;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("health target did not answer '" + expected + "' within "
                        + within.toMillis() + " ms; last dial " + dial + "; client log " + client.log() + " ends with:\n"
                        + LogWatch.tail(client.log(), 0));
            }
            if (!dial.timedOut()) {
                LogWatch.sleep(Duration.ofMillis(100)); // a fast failure: do not spin
            }
        }
    }
}
