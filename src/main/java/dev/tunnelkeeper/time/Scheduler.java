package dev.tunnelkeeper.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time, injected. Production uses {@link SystemScheduler}; tests use a virtual scheduler whose clock only moves
 * when the test advances it, so "advance 6 s, assert one restart" runs in microseconds.
 * Tasks scheduled on one Scheduler run one at a time, in time order, on the scheduler's own thread.
 */
public interface Scheduler {

    Instant now();

    /** Runs {@code task} once, {@code delay} from now; a zero delay runs it as soon as the thread is free. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Runs {@code task} on the scheduler's thread as soon as possible. */
    default void execute(Runnable task) {
        schedule(Duration.ZERO, task);
    }

    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
