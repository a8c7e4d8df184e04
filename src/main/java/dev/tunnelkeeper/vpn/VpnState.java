package dev.tunnelkeeper.vpn;

import java.util.Locale;

/** Where the supervised VPN client is. */
public enum VpnState {
    /** No client; nothing will start it but a start request. */
    STOPPED,
    /** A client is coming up; not yet carrying traffic. */
    STARTING,
    /** The tunnel is ready: OpenVPN completed its initialization, WireGuard recorded a handshake. */
    RUNNING,
    /** The client is being torn down (stop or restart). */
    STOPPING,
    /** The last attempt failed or the tunnel died on its own; a retry is scheduled after a backoff. */
    CRASHED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** States a caller waits for: the outcome of a request, as opposed to the steps on the way. */
    boolean settled() {
        return this == STOPPED || this == RUNNING || this == CRASHED;
    }
}
