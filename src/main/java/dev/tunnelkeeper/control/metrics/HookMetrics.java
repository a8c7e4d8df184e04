package dev.tunnelkeeper.control.metrics;

import java.time.Duration;
import java.util.Locale;

/**
 * What the script host reports about each hook call, for the metrics: which hook function, how it ended, how long it
 * took. {@code hook} is the export's name (onHealthCheckFailed, selectServer, onTunnelUp, ...): a small set,
 * so it can be a label; anything else is counted as "other".
 */
public interface HookMetrics {
    enum Outcome {
        /** Answered, and the answer was valid (or ignored, for notifications). */
        OK,
        /** Threw, or did not compile. */
        ERROR,
        /** Ran past its time limit. */
        TIMEOUT,
        /** Answered something the host does not accept. */
        INVALID_ANSWER;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    void called(String hook, Outcome outcome, Duration took);

    /**
     * A notification threw after an await, once its call had returned its Promise (and was counted by
     * {@link #called}): an error of that hook, not another call.
     */
    default void failedAfterAwait(String hook) {
    }

    /** One tk.fetch call ended: ok (an answer came, whatever its status), refused, timeout, error or dropped. */
    default void fetched(String outcome) {
    }

    HookMetrics NONE = (hook, outcome, took) -> {
    };
}
