package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.history.RestartCause;
import dev.tunnelkeeper.control.history.RestartRecorder;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.util.List;

/**
 * The user's VPN requests, with gluetun's answers: a requested status gives an outcome such as "running", "stopped"
 * or "already running". A stop asked for here is remembered: until the user starts the VPN again,
 * {@link #stoppedByUser()} is true and the healer must not restart it (gluetun #2236).
 */
public final class VpnCommands {
    private static final Log LOG = Log.of("control");
    public static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final VpnControl vpn;
    private final ServerChoice servers;
    private final RestartRecorder restarts;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private volatile boolean stoppedByUser;

    public VpnCommands(VpnControl vpn, ServerChoice servers, RestartRecorder restarts, Duration startTimeout,
                       Duration stopTimeout) {
        this.vpn = vpn;
        this.servers = servers;
        this.restarts = restarts;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    public VpnStatus status() {
        return vpn.status();
    }

    /** Whether the last request through the control API was a stop: auto-heal leaves the VPN alone then. */
    public boolean stoppedByUser() {
        return stoppedByUser;
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

    /** Connects to the named server now: the source prefers it once, and the VPN restarts (or starts) toward it. */
    public synchronized VpnStatus switchTo(String serverName) {
        List<String> names = servers.snapshot().stream().map(c -> c.server().name()).toList();
        if (!names.contains(serverName)) {
            throw new BadRequest("no server named \"" + serverName + "\"; valid: " + String.join(", ", names));
        }
        servers.preferNext(serverName);
        stoppedByUser = false;
        String reason = "switching to " + serverName + " (asked through the control server)";
        LOG.info(reason);
        if (vpn.status().state() == VpnState.STOPPED) {
            return vpn.start(startTimeout);
        }
        restarts.restarted(RestartCause.USER, reason);
        return vpn.restart(reason, startTimeout);
    }

    private String start(VpnState before) {
        if (before == VpnState.RUNNING || before == VpnState.STARTING) {
            stoppedByUser = false;
            return "already " + before.id();
        }
        stoppedByUser = false;
        LOG.info("VPN start requested through the control server");
        return vpn.start(startTimeout).state().id();
    }

    private String stop(VpnState before) {
        // Remembered before the stop is sent: a healer window ending meanwhile must already see it.
        stoppedByUser = true;
        if (before == VpnState.STOPPED) {
            vpn.stop("stopped through the control server", stopTimeout); // a start may be pending: cancel it
            return "already stopped";
        }
        LOG.info("VPN stop requested through the control server: it stays stopped, auto-heal included, until started again");
        return vpn.stop("stopped through the control server", stopTimeout).state().id();
    }

    /** The server of the current attempt, when there is one. */
    public static java.util.Optional<String> serverOf(VpnStatus status) {
        return status.connection().map(Connection::serverName);
    }
}
