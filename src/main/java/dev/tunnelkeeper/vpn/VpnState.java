package dev.tunnelkeeper.vpn;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Where the supervised VPN client is, and where it may go from there ({@link #next()}: the one table of moves). */
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

    /**
     * The legal moves. STOPPED and CRASHED go to CRASHED at once when no server can be chosen (no attempt starts);
     * STARTING goes straight to STOPPED when the client refuses its configuration before it runs.
     */
    private static final Map<VpnState, Set<VpnState>> NEXT = new EnumMap<>(Map.of(
            STOPPED, EnumSet.of(STARTING, CRASHED),
            STARTING, EnumSet.of(RUNNING, CRASHED, STOPPING, STOPPED),
            RUNNING, EnumSet.of(CRASHED, STOPPING),
            STOPPING, EnumSet.of(STARTING, STOPPED, CRASHED),
            CRASHED, EnumSet.of(STARTING, STOPPING, STOPPED, CRASHED)));

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The states this one may change to. */
    public Set<VpnState> next() {
        return EnumSet.copyOf(NEXT.get(this));
    }

    public boolean canGoTo(VpnState to) {
        return NEXT.get(this).contains(to);
    }

    /** The supervisor's check before each change: a move the table does not have is refused, loudly. */
    static void checkMove(VpnState from, VpnState to) {
        if (!from.canGoTo(to)) {
            throw new IllegalStateException("the VPN cannot go from " + from.id() + " to " + to.id() + "; from "
                    + from.id() + " it goes to " + from.next().stream().map(VpnState::id).toList());
        }
    }

    /** States a caller waits for: the outcome of a request, as opposed to the steps on the way. */
    boolean settled() {
        return this == STOPPED || this == RUNNING || this == CRASHED;
    }
}
