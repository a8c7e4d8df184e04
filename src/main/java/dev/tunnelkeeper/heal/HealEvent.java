package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.health.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the healer knows when it asks its {@link HealPolicy}: one record per question, immutable.
 *
 * @param trigger             why the policy is asked
 * @param at                  now (virtual in tests)
 * @param lastError           the last failed check's error text; empty when no check has finished yet
 * @param lastErrorKind       its kind
 * @param consecutiveFailures failed checks since the last success (or since start)
 * @param unhealthyFor        how long since the last success (or since start)
 * @param window              the current window: how long unhealthy before the built-in restarts
 * @param windowElapsed       how much of the current window has run (it starts again after each restart)
 * @param restarts            restarts the healer asked for so far
 * @param lastRestart         when it last asked for one
 */
public record HealEvent(
        Trigger trigger,
        Instant at,
        Optional<String> lastError,
        Optional<ErrorKind> lastErrorKind,
        int consecutiveFailures,
        Duration unhealthyFor,
        Duration window,
        Duration windowElapsed,
        int restarts,
        Optional<Instant> lastRestart) {

    public enum Trigger {
        /** A check failed while the window runs. The built-in waits. */
        CHECK_FAILED,
        /** The window elapsed with no success. The built-in restarts. */
        WINDOW_ELAPSED;

        /** The name hooks see: check-failed, window-elapsed. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }
}
