package dev.tunnelkeeper.servers;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a selector knows besides the candidates.
 *
 * @param now      the current time, for what a hook is shown (virtual in tests)
 * @param elapsed  the time source's monotonic reading now, for the cool-down
 * @param cooldown SERVER_COOLDOWN
 * @param previous the server of the previous attempt, if any
 */
public record SelectionContext(Instant now, Duration elapsed, Duration cooldown, Optional<Server> previous) {

    /** Whether the candidate failed within the cool-down. */
    public boolean coolingDown(Candidate candidate) {
        return candidate.history().failedWithin(cooldown, elapsed);
    }
}
