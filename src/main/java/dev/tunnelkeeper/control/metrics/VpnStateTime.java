package dev.tunnelkeeper.control.metrics;

import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * How long the VPN has spent in each state since start, the current stretch included, on the monotonic clock (a
 * state change counts from when it is heard of: listeners hear of it as it happens). Thread-safe.
 */
final class VpnStateTime {
    private final Scheduler clock;
    private final Map<VpnState, Duration> past = new EnumMap<>(VpnState.class);
    private VpnState current = VpnState.STOPPED;
    private Duration since;

    VpnStateTime(Scheduler clock) {
        this.clock = clock;
        this.since = clock.elapsed();
        for (VpnState state : VpnState.values()) {
            past.put(state, Duration.ZERO);
        }
    }

    synchronized void changed(VpnEvent event) {
        Duration at = clock.elapsed();
        past.merge(current, at.minus(since), Duration::plus);
        current = event.to();
        since = at;
    }

    synchronized double seconds(VpnState state) {
        Duration total = past.get(state);
        if (state == current) {
            total = total.plus(clock.since(since));
        }
        return total.toNanos() / 1e9;
    }
}
