package dev.tunnelkeeper.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/**
 * A scheduler whose clock moves only when the test says so. {@link #advance(Duration)} runs every task that falls
 * due on the way, in time order (ties in the order they were scheduled), each at its own due time.
 */
public final class VirtualScheduler implements Scheduler {
    private record Task(Instant due, long seq, Runnable body) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due.equals(b.due) ? Long.compare(a.seq, b.seq) : a.due.compareTo(b.due));
    private Instant now;
    private long seq;

    public VirtualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public VirtualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable body) {
        Task task = new Task(now.plus(delay), seq++, body);
        queue.add(task);
        return () -> {
            synchronized (this) {
                queue.remove(task);
            }
        };
    }

    /** Moves the clock forward, running what falls due; returns the number of tasks run. */
    public int advance(Duration by) {
        Instant end;
        synchronized (this) {
            end = now.plus(by);
        }
        int ran = 0;
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due.isAfter(end)) {
                    now = end;
                    return ran;
                }
                queue.poll();
                now = next.due;
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
