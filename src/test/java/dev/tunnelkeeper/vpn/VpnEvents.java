package dev.tunnelkeeper.vpn;

import java.time.Instant;
import java.util.Optional;

/** Events for tests that feed listeners by hand. */
public final class VpnEvents {
    private VpnEvents() {
    }

    /**
     * A change whose cause the test does not look at: a crash's into or out of CRASHED, else the start-up's start.
     */
    public static VpnEvent event(VpnState from, VpnState to, String reason, Instant time, Optional<Connection> connection) {
        VpnRequest request = from == VpnState.CRASHED || to == VpnState.CRASHED
                ? VpnRequest.restart(Cause.CRASH, reason) : VpnRequest.start(Cause.START_UP);
        return new VpnEvent(from, to, reason, time, connection, request);
    }

    /** A change carrying out {@code request}, with its reason. */
    public static VpnEvent event(VpnState from, VpnState to, Instant time, Optional<Connection> connection, VpnRequest request) {
        return new VpnEvent(from, to, request.reason(), time, connection, request);
    }
}
