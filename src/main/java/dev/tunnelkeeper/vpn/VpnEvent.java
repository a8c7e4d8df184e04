package dev.tunnelkeeper.vpn;

import java.time.Instant;
import java.util.Optional;

/**
 * One state change of the supervised VPN, or a restart it took into work already under way. Logs, metrics, the
 * history, the status page and hooks all read these.
 *
 * @param connection the server of the attempt this change belongs to (empty when no server was chosen)
 * @param request    the request this change carries out, with its cause; a crash and the retry after it carry the
 *                   supervisor's own ({@link Cause#CRASH}), a refused configuration {@link Cause#CONFIGURATION}
 * @param moved      false for a restart taken into work under way: a connect attempt that is left to finish, or a
 *                   retry already scheduled ({@code from == to}, no state change; see {@link #joined})
 */
public record VpnEvent(VpnState from, VpnState to, String reason, Instant time, Optional<Connection> connection,
                       VpnRequest request, boolean moved) {

    /** A state change. */
    public VpnEvent(VpnState from, VpnState to, String reason, Instant time, Optional<Connection> connection,
                    VpnRequest request) {
        this(from, to, reason, time, connection, request, true);
    }

    /**
     * A restart the supervisor takes without a move of its own: in STARTING the attempt under way is its reconnect, in
     * CRASHED the scheduled retry is. It counts as a restart (history, metrics) like one carried out by a move.
     */
    public static VpnEvent joined(VpnState state, Instant time, Optional<Connection> connection, VpnRequest request) {
        return new VpnEvent(state, state, request.reason(), time, connection, request, false);
    }

    public Cause cause() {
        return request.cause();
    }

    /** The hook file that decided, when a hook did. */
    public Optional<String> hook() {
        return request.hook();
    }

    /**
     * The restart this change begins, with its cause, if it begins one: every crash, and the first step of a restart
     * someone asked for (or of the kill switch watch's stop). Each restart is counted once, here.
     */
    public Optional<Cause> restartBegun() {
        if (!moved) {
            return request.restarts() && request.cause() != Cause.CRASH ? Optional.of(request.cause()) : Optional.empty();
        }
        if (to == VpnState.CRASHED) {
            return Optional.of(Cause.CRASH);
        }
        boolean leaves = from != VpnState.STOPPING && to != VpnState.RUNNING;
        return leaves && request.restarts() && request.cause() != Cause.CRASH
                ? Optional.of(request.cause()) : Optional.empty();
    }
}
