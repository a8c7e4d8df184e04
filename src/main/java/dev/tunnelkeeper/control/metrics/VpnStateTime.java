package dev.tunnelkeeper.control.metrics;

import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.EnumMap;
import java.util.Map;

/** How long the VPN has spent in each state since start, the current stretch included. Thread-safe. */
final class VpnStateTime {
    private final InstantSource clock;
    private final Map<VpnState, Duration> past = new EnumMap<>(VpnState.class);
    private VpnState current = VpnState.STOPPED;
    private Instant since;

    VpnStateTime(InstantSource clock) {
        this.clock = clock;
        this.since = clock.instant();
        for (VpnState state : VpnState.values()) {
            past.put(state, Duration.ZERO);
        }
    }

    synchronized void changed(VpnEvent event) {
        Instant at = event.time().isBefore(since) ? since : event.time();
        past.merge(current, Duration.between(since, at), Duration::plus);
        current = event.to();
        since = at;
    }

    synchronized double seconds(VpnState state) {
        Duration total = past.get(state);
        if (state == current) {
            Instant now = clock.instant();
            total = total.plus(now.isAfter(since) ? Duration.between(since, now) : Duration.ZERO);
        }
        return total.toNanos() / 1e9;
    }
}
