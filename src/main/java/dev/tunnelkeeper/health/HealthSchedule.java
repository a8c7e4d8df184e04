package dev.tunnelkeeper.health;

import java.time.Duration;

/**
 * The seed's check timing as a pure policy: the first timeout is 3 s; after each failure the next check runs at once
 * with 2 s more, capped at 10 s (3, 5, 7, 9, 10, 10, ...); after a success the next check waits the success gap and
 * is back at 3 s. A restart also starts over at 3 s, so the new tunnel is judged quickly (gluetun does the same).
 */
public final class HealthSchedule {
    static final Duration FIRST_TIMEOUT = Duration.ofSeconds(3);
    static final Duration TIMEOUT_STEP = Duration.ofSeconds(2);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(10);
    /**
     * A failed check that came back faster than this waits out the rest before the next one: the seed's "at once"
     * would otherwise become a busy loop when the kill switch refuses connections in microseconds.
     */
    static final Duration MIN_FAILED_SPACING = Duration.ofSeconds(1);

    private final Duration successWait;
    private Duration timeout = FIRST_TIMEOUT;
    private boolean restartedSinceLastCheck;

    public HealthSchedule(Duration successWait) {
        this.successWait = successWait;
    }

    /** The timeout for the next check. */
    public Duration timeout() {
        return timeout;
    }

    /** Records a result; returns how long to wait before the next check. */
    public Duration next(CheckResult result) {
        if (result.healthy()) {
            restartedSinceLastCheck = false;
            timeout = FIRST_TIMEOUT;
            return successWait;
        }
        if (restartedSinceLastCheck) {
            // this check ran against the old tunnel: the new one gets the first timeout
            restartedSinceLastCheck = false;
            timeout = FIRST_TIMEOUT;
        } else {
            Duration grown = timeout.plus(TIMEOUT_STEP);
            timeout = grown.compareTo(MAX_TIMEOUT) > 0 ? MAX_TIMEOUT : grown;
        }
        Duration rest = MIN_FAILED_SPACING.minus(result.took());
        return rest.isNegative() ? Duration.ZERO : rest;
    }

    /** After a VPN restart the next check starts over with the first timeout. */
    public void restarted() {
        restartedSinceLastCheck = true;
        timeout = FIRST_TIMEOUT;
    }
}
