package dev.tunnelkeeper.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A scheduler whose clocks move only when told: tests, and the hook test kit (check-scripts, test-hook), which sets
 * the time of each fixture step. {@link #advance(Duration)} moves both clocks and runs every task that falls due on
 * the way, in time order (ties in the order they were scheduled), each at its own due time.
 * {@link #setWallClock(Instant)} moves the wall clock alone, as NTP or a resumed host does: durations, measured with
 * {@link #elapsed()}, and the tasks' due times do not move.
 */
public final class VirtualScheduler implements Scheduler {
    private record Task(Duration due, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due.equals(b.due) ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    /** The wall clock at elapsed zero: now() is wallOrigin + elapsed. */
    private Instant wallOrigin;
    private Duration elapsed = Duration.ZERO;
    private long seq;

    public VirtualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public VirtualScheduler(Instant start) {
        this.wallOrigin = start;
    }

    @Override
    public synchronized Instant now() {
        return wallOrigin.plus(elapsed);
    }

    @Override
    public synchronized Duration elapsed() {
        return elapsed;
    }

    /** Sets the wall clock, forwards or backwards, without moving {@link #elapsed()} or running anything. */
    public synchronized void setWallClock(Instant wall) {
        wallOrigin = wall.minus(elapsed);
    }

    /** Advances to {@code at} when it is later than now; sets the wall clock to it when it is earlier. */
    public void advanceTo(Instant at) {
        Duration ahead;
        synchronized (this) {
            ahead = Duration.between(now(), at);
        }
        if (ahead.isNegative()) {
            setWallClock(at);
        } else {
            advance(ahead);
        }
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable body) {
        Task task = new Task(elapsed.plus(delay), seq++, body);
        queue.add(task);
        return () -> {
            synchronized (this) {
                queue.remove(task);
            }
        };
    }

    /** Moves the clock forward, running what falls due; returns the number of tasks run. */
    public int advance(Duration by) {
        Duration end;
        synchronized (this) {
            end = elapsed.plus(by);
        }
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.compareTo(end) > 0) {
                    elapsed = end;
                    return ran;
                }
                queue.poll();
                elapsed = next.due;
            }
            next.body.run();
            ran++;
            if (ran > 1_000_000) {
                throw new IllegalStateException("more than a million tasks in one advance: a task reschedules itself with no delay");
            }
        }
    }

    /** Runs what is due now without moving the clock. */
    public int runDue() {
        return advance(Duration.ZERO);
    }

    public synchronized int pending() {
        return queue.size();
    }
}
