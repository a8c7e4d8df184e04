package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;

/**
 * What the control API needs from the VPN: its status and blocking requests that return the state reached (or the
 * current one when the timeout passes first). {@link SupervisorVpnControl} adapts the supervisor.
 */
public interface VpnControl {
    VpnStatus status();

    VpnStatus start(Duration timeout);

    /** Stops it and keeps it stopped (auto-heal included) until the next start. */
    VpnStatus stop(String reason, Duration timeout);

    VpnStatus restart(String reason, Duration timeout);
}
