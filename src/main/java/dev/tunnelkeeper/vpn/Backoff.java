package dev.tunnelkeeper.vpn;

import java.time.Duration;
import java.util.Random;

/**
 * How long to wait before retrying a VPN client that failed: capped exponential growth with jitter, so that
 * a server that is down is not hammered and many clients do not retry in step. Pure: the caller counts failures.
 *
 * @param initial     the wait after the first failure
 * @param multiplier  growth per further consecutive failure
 * @param max         the cap (before jitter)
 * @param jitter      the fraction by which each wait is randomly lengthened or shortened (0.2 = +-20%)
 * @param stableAfter a tunnel that stayed up this long resets the count of consecutive failures
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter, Duration stableAfter) {

    /** 1 s, 2 s, 4 s, ... capped at 30 s, each +-20%; reset after 60 s up. */
    public static final Backoff DEFAULT =
            new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(30), 0.2, Duration.ofSeconds(60));

    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || multiplier < 1 || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("invalid backoff " + initial + " x" + multiplier + " max " + max + " jitter " + jitter);
        }
    }

    /** The wait (whole milliseconds) before the next attempt after {@code consecutiveFailures} (at least 1) failures in a row. */
    public Duration delay(int consecutiveFailures, Random random) {
        double base = initial.toMillis() * Math.pow(multiplier, Math.max(0, consecutiveFailures - 1));
        double capped = Math.min(base, max.toMillis());
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(capped * factor));
    }

    /** Whether a tunnel that was up this long counts as healthy again, so that its loss starts a fresh count. */
    public boolean stable(Duration upFor) {
        return upFor.compareTo(stableAfter) >= 0;
    }
}
