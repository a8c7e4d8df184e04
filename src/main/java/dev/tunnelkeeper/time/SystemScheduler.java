package dev.tunnelkeeper.time;

import dev.tunnelkeeper.log.Log;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real clocks (the system's wall clock, and {@link System#nanoTime()} for durations) and one platform thread that runs every task in turn. */
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final Log LOG = Log.of("scheduler");
    private final ScheduledExecutorService executor;
    private final long origin = System.nanoTime();

    public SystemScheduler(String threadName) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - origin);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> runGuarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    // A task that throws must not kill the loop that every later task depends on.
    private static void runGuarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.error("internal error in a scheduled task: " + e);
        }
    }

    public boolean isAlive() {
        return !executor.isShutdown();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
