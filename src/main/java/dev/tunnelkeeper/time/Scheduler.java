package dev.tunnelkeeper.time;

import java.time.Duration;
import java.time.Instant;

/**
 * Time, injected: the product's one time source. Production uses {@link SystemScheduler}; tests (and the hook test
 * kit) use {@link VirtualScheduler}, whose clocks only move when told, so "advance 6 s, assert one restart" runs in
 * microseconds. Tasks scheduled on one Scheduler run one at a time, in time order, on the scheduler's own thread.
 *
 * <p>Two readings: {@link #now()} is the wall clock, for timestamps a person or a hook sees (logs, events, the status
 * page, {@code tk.now()}); {@link #elapsed()} is monotonic, for every duration (how long a check took, how long a
 * window has run, a cool-down, a cache entry's age). The wall clock may jump (NTP, a suspended host); durations
 * measured with {@link #elapsed()} do not. Deadlines of blocking socket calls stay with the JDK's own timeouts, and the
 * time a hook call takes to run (a measure of work done on this thread, for the metrics) with {@link System#nanoTime()}.
 */
public interface Scheduler {

    /** The wall clock: when something happened, for showing it. Differences between two readings are not durations. */
    Instant now();

    /**
     * A monotonic reading: time since an arbitrary origin fixed when the scheduler was made. Only differences mean
     * anything; they never go backwards and ignore wall-clock changes.
     */
    Duration elapsed();

    /** How long ago {@code mark}, a reading of {@link #elapsed()}, was taken. */
    default Duration since(Duration mark) {
        return elapsed().minus(mark);
    }

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
