package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;

/**
 * What the control API needs from the VPN: its status, and requests that return the state reached (or the current one
 * when the timeout passes first). {@link SupervisorVpnControl} adapts the supervisor.
 */
public interface VpnControl {
    VpnStatus status();

    VpnStatus send(VpnRequest request, Duration timeout);
}
