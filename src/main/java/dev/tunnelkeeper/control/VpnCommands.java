package dev.tunnelkeeper.control;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.NextServer;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.util.List;

/**
 * The user's VPN requests, with gluetun's answers: a requested status gives an outcome such as "running", "stopped"
 * or "already running". Each is a {@link VpnRequest} caused by {@link Cause#USER}; the supervisor keeps a VPN the
 * user stopped stopped, auto-heal included, until the user starts it again (gluetun #2236).
 */
public final class VpnCommands {
    private static final Log LOG = Log.of("control");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    static final String STOP_REASON = "stopped through the control server";

    private final VpnControl vpn;
    private final ServerChoice servers;
    private final Duration startTimeout;
    private final Duration stopTimeout;

    public VpnCommands(VpnControl vpn, ServerChoice servers, Duration startTimeout, Duration stopTimeout) {
        this.vpn = vpn;
        this.servers = servers;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    public VpnStatus status() {
        return vpn.status();
    }

    /**
     * Applies {@code "running"} or {@code "stopped"}; returns gluetun's outcome: the state reached, or
     * "already ..." when there was nothing to do. Blocks until the state is reached or the timeout passes.
     */
    public synchronized String apply(String wanted) {
        VpnState before = vpn.status().state();
        return switch (wanted) {
            case "running" -> start(before);
            case "stopped" -> stop(before);
            default -> throw new BadRequest("status \"" + wanted + "\" is not known; valid: running, stopped");
        };
    }

    /** Connects to the named server now: the VPN restarts (or starts) toward it. */
    public synchronized VpnStatus switchTo(String serverName) {
        List<String> names = servers.snapshot().stream().map(c -> c.server().name()).toList();
        if (!names.contains(serverName)) {
            throw new BadRequest("no server named \"" + serverName + "\"; valid: " + String.join(", ", names));
        }
        String reason = "switching to " + serverName + " (asked through the control server)";
        LOG.info(reason);
        VpnRequest request = vpn.status().state() == VpnState.STOPPED
                ? VpnRequest.start(Cause.USER) : VpnRequest.restart(Cause.USER, reason);
        return vpn.send(request.toward(NextServer.named(serverName)), startTimeout);
    }

    private String start(VpnState before) {
        if (before == VpnState.RUNNING || before == VpnState.STARTING) {
            return "already " + before.id();
        }
        LOG.info("VPN start requested through the control server");
        return vpn.send(VpnRequest.start(Cause.USER), startTimeout).state().id();
    }

    private String stop(VpnState before) {
        VpnRequest stop = VpnRequest.stop(Cause.USER, STOP_REASON);
        if (before == VpnState.STOPPED) {
            vpn.send(stop, stopTimeout); // a start may be pending: cancel it; and the stop is now the user's
            return "already stopped";
        }
        LOG.info("VPN stop requested through the control server: it stays stopped, auto-heal included, until started again");
        return vpn.send(stop, stopTimeout).state().id();
    }

    /** The server of the current attempt, when there is one. */
    public static java.util.Optional<String> serverOf(VpnStatus status) {
        return status.connection().map(Connection::serverName);
    }
}
