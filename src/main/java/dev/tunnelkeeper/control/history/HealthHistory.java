package dev.tunnelkeeper.control.history;

import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The recent past, in memory and bounded: health checks, restarts and VPN state changes, each with its time.
 * Fed by the health loop's results and the supervisor's events (a restart is an event that begins one); read by the
 * API and the status page. Each kind keeps its last {@code capacity} entries (an hour of checks is at most 3600: one a second).
 */
public final class HealthHistory {
    public static final int DEFAULT_CAPACITY = 3600;

    public record Check(Instant at, boolean healthy, Duration took, Optional<String> error, Optional<ErrorKind> kind) {
    }

    /** @param hook the hook file that decided it, for {@link Cause#HOOK} */
    public record Restart(Instant at, Cause cause, String reason, Optional<String> hook) {
    }

    public record StateChange(Instant at, VpnState from, VpnState to, String reason, Optional<String> server) {
    }

    /** A consistent copy, oldest first. */
    public record Snapshot(List<Check> checks, List<Restart> restarts, List<StateChange> changes) {
        public Snapshot {
            checks = List.copyOf(checks);
            restarts = List.copyOf(restarts);
            changes = List.copyOf(changes);
        }
    }

    private final int capacity;
    private final Deque<Check> checks = new ArrayDeque<>();
    private final Deque<Restart> restarts = new ArrayDeque<>();
    private final Deque<StateChange> changes = new ArrayDeque<>();

    /** Entries carry their own times. */
    public HealthHistory(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void check(CheckResult result) {
        add(checks, new Check(result.at(), result.healthy(), result.took(), result.error(), result.kind()));
    }

    /** A state change (a restart taken into work under way is none: it is recorded as a restart only). */
    public synchronized void vpnEvent(VpnEvent event) {
        if (!event.moved()) {
            return;
        }
        add(changes, new StateChange(event.time(), event.from(), event.to(), event.reason(),
                event.connection().map(Connection::serverName)));
    }

    /** A restart, at the time of the event that began it. */
    public synchronized void restarted(Instant at, Cause cause, String reason, Optional<String> hook) {
        add(restarts, new Restart(at, cause, reason, hook));
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(checks), List.copyOf(restarts), List.copyOf(changes));
    }

    /** What happened at or after {@code since}, plus the last state change before it (the state it started in). */
    public synchronized Snapshot since(Instant since) {
        List<StateChange> all = List.copyOf(changes);
        int first = 0;
        while (first < all.size() && all.get(first).at().isBefore(since)) {
            first++;
        }
        return new Snapshot(
                checks.stream().filter(c -> !c.at().isBefore(since)).toList(),
                restarts.stream().filter(r -> !r.at().isBefore(since)).toList(),
                all.subList(Math.max(0, first - 1), all.size()));
    }

    private <T> void add(Deque<T> entries, T entry) {
        entries.addLast(entry);
        while (entries.size() > capacity) {
            entries.removeFirst();
        }
    }
}
