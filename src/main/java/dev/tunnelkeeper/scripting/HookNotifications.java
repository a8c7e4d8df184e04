package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.NextServer;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Feeds health results and VPN events to the hooks that hear them: {@code onHealthy} on recovery,
 * {@code onHealthCheckSucceeded} on each success (which may ask to switch servers), {@code onRestart} on each new
 * connect attempt after a restart or a crash, {@code onTunnelUp} and {@code onTunnelDown} (with the cause) as the
 * tunnel comes and goes, {@code onPublicIpChanged} when the lookup finds a new address.
 *
 * <p>Notifications never run on the caller's thread: their event is built when the change is committed (the
 * listener is called after the supervisor's or the loop's state changed), then handed to the notification executor,
 * one at a time in order. A notification that loops holds up only the notifications after it, for at most
 * HOOK_TIMEOUT; one that awaits a {@code tk.fetch} that hangs holds up nothing. The decision
 * {@code onHealthCheckSucceeded} stays on the health loop's thread.
 *
 * <p>A switch is a restart request toward a {@link NextServer} (the server named, or any but the current one), caused
 * by the hook's file; at most one a minute, and only from a running tunnel, so a hook that always says "switch" cannot
 * storm the VPN. {@code onTunnelDown}'s cause is the cause the supervisor's event carries.
 */
public final class HookNotifications {
    static final Duration MIN_SWITCH_INTERVAL = Duration.ofMinutes(1);
    private static final Log LOG = Log.of("hooks");

    private final HookRegistry hooks;
    private final Consumer<VpnRequest> requests;
    private final Supplier<VpnStatus> vpn;
    private final Supplier<List<Candidate>> candidates;
    private final Duration cooldown;
    private final Scheduler clock;
    private final Executor notifier;
    private final TunnelWatcher tunnel;
    private final String iface;

    /** What the fetches hear of the tunnel: up or down; up lets the calls that waited for it go. */
    interface TunnelWatcher {
        void tunnel(boolean up);
    }

    private volatile Optional<String> lastCheckError = Optional.empty();
    private volatile Optional<PublicIp> publicIp = Optional.empty();
    // Readings of clock.elapsed(), for the durations the hooks are told.
    // supervisor thread (tunnelUpSince is read by the health loop's too)
    private Duration attemptStarted;
    private volatile Duration tunnelUpSince;
    private Duration tunnelDownSince;

    // health loop thread
    private Duration unhealthySince;
    private Duration healthySince;
    private Duration lastSwitch;
    private boolean toldQuiet;
    // supervisor thread
    private Optional<String> lastServer = Optional.empty();

    /**
     * @param notifier where notifications run (the script host's notification thread)
     * @param tunnel   told of each tunnel-up and tunnel-down before the hooks hear of it
     * @param iface    the tunnel interface (VPN_INTERFACE), for onTunnelUp
     */
    HookNotifications(HookRegistry hooks, Consumer<VpnRequest> requests, Supplier<VpnStatus> vpn, Supplier<List<Candidate>> candidates, Duration cooldown, Scheduler clock,
                      Executor notifier, TunnelWatcher tunnel, String iface) {
        this.notifier = notifier;
        this.tunnel = tunnel;
        this.iface = iface;
        this.hooks = hooks;
        this.requests = requests;
        this.vpn = vpn;
        this.candidates = candidates;
        this.cooldown = cooldown;
        this.clock = clock;
        this.unhealthySince = clock.elapsed();
    }

    /** A health loop listener: {@code loop.addListener(notifications::onCheckResult)}. */
    public void onCheckResult(CheckResult result) {
        try {
            Instant now = result.at();
            Duration mark = clock.elapsed();
            if (!result.healthy()) {
                lastCheckError = result.error();
                if (healthySince != null) {
                    unhealthySince = mark;
                    healthySince = null;
                }
                return;
            }
            if (healthySince == null) {
                healthySince = mark;
                Duration unhealthyFor = mark.minus(unhealthySince);
                notify(HookName.ON_HEALTHY, () -> HookEvents.args(HookEvents.healthy(now, vpn.get(), unhealthyFor)));
            }
            askToSwitch(now, mark);
        } catch (RuntimeException e) {
            LOG.error("the health notification hooks failed: " + e);
        }
    }

    /** A supervisor listener: {@code supervisor.addListener(notifications::onVpnEvent)}. */
    public void onVpnEvent(VpnEvent event) {
        if (!event.moved()) {
            return; // a restart taken into an attempt under way: the tunnel neither came nor went
        }
        if (event.to() == VpnState.RUNNING) {
            tunnelUp(event);
            return;
        }
        if (event.from() == VpnState.RUNNING) {
            tunnelDown(event);
        }
        if (event.to() != VpnState.STARTING) {
            return;
        }
        attemptStarted = clock.elapsed();
        Optional<String> previous = lastServer;
        lastServer = event.connection().map(Connection::serverName);
        if (event.from() == VpnState.STOPPING || event.from() == VpnState.CRASHED) {
            notify(HookName.ON_RESTART, () -> HookEvents.args(HookEvents.restart(event, previous)));
        }
    }

    /** The public IP lookup's answer (a listener of the lookup): onPublicIpChanged when it differs from the last. */
    public void onPublicIp(PublicIp ip) {
        Optional<PublicIp> before = publicIp;
        publicIp = Optional.of(ip);
        if (before.isPresent() && before.get().ip().equals(ip.ip())) {
            return;
        }
        Instant now = clock.now();
        VpnStatus status = vpn.get();
        notify(HookName.ON_PUBLIC_IP_CHANGED, () -> HookEvents.args(HookEvents.publicIpChanged(now, ip,
                before.map(PublicIp::ip), status)));
    }

    /**
     * The forwarded ports changed (a listener of the port forwarding, on its own thread): onPortForwarded with
     * {@code {ports, previous, server}}; {@code ports} is empty when forwarding stopped with the tunnel.
     */
    public void onPortForwarded(List<Integer> ports, List<Integer> previous, Optional<String> server) {
        Instant now = clock.now();
        notify(HookName.ON_PORT_FORWARDED, () -> HookEvents.args(HookEvents.portForwarded(now, ports, previous, server)));
    }

    private void tunnelUp(VpnEvent event) {
        Duration mark = clock.elapsed();
        Optional<Duration> downFor = Optional.ofNullable(tunnelDownSince).map(mark::minus);
        Duration connect = attemptStarted == null ? Duration.ZERO : mark.minus(attemptStarted);
        tunnelUpSince = mark;
        tunnelDownSince = null;
        tunnel.tunnel(true);
        List<String> addresses = addresses(iface);
        Optional<PublicIp> ip = publicIp;
        notify(HookName.ON_TUNNEL_UP, () -> HookEvents.args(HookEvents.tunnelUp(event, iface, addresses,
                ip.map(PublicIp::ip), connect, downFor)));
    }

    private void tunnelDown(VpnEvent event) {
        tunnel.tunnel(false);
        publicIp = Optional.empty();
        String cause = cause(event);
        Duration mark = clock.elapsed();
        Optional<Duration> upFor = Optional.ofNullable(tunnelUpSince).map(mark::minus);
        tunnelDownSince = mark;
        Optional<String> error = lastCheckError;
        notify(HookName.ON_TUNNEL_DOWN, () -> HookEvents.args(HookEvents.tunnelDown(event, cause, error, upFor)));
    }

    private static String cause(VpnEvent event) {
        return event.to() == VpnState.CRASHED ? "tunnel-lost" : event.cause().hookId();
    }

    private static List<String> addresses(String iface) {
        if (iface.isEmpty()) {
            return List.of();
        }
        try {
            java.net.NetworkInterface ni = java.net.NetworkInterface.getByName(iface);
            return ni == null ? List.of() : ni.inetAddresses().map(a -> a.getHostAddress().replaceAll("%.*", "")).toList();
        } catch (java.net.SocketException e) {
            return List.of();
        }
    }

    // The event is built now, on the caller's thread, where the change was committed; the hooks hear it later.
    private void notify(HookName hook, Supplier<String> args) {
        if (!hooks.anyExports(hook)) {
            return;
        }
        String json;
        try {
            json = args.get();
        } catch (RuntimeException e) {
            LOG.error("the " + hook.export() + " event could not be built: " + e);
            return;
        }
        try {
            notifier.execute(() -> {
                try {
                    hooks.notifyAll(hook, () -> json);
                } catch (RuntimeException e) {
                    LOG.error("the " + hook.export() + " hooks failed: " + e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug(hook.export() + " not told: the script host is closing");
        }
    }

    // Healthy on this tunnel: since the last failed check, or since the tunnel came up if that is later (a restart
    // between two checks shows no failure, but it is a new connection).
    private Duration healthyFor(VpnStatus status, Duration mark) {
        Duration since = healthySince;
        Duration up = tunnelUpSince;
        if (status.state() == VpnState.RUNNING && up != null && up.compareTo(since) > 0) {
            since = up;
        }
        return since.compareTo(mark) > 0 ? Duration.ZERO : mark.minus(since);
    }

    private void askToSwitch(Instant now, Duration mark) {
        if (!hooks.anyExports(HookName.ON_HEALTH_CHECK_SUCCEEDED)) {
            return;
        }
        VpnStatus status = vpn.get();
        List<Candidate> list = candidates.get();
        List<String> names = list.stream().map(c -> c.server().name()).toList();
        Duration healthyFor = healthyFor(status, mark);
        Optional<Answered<Answers.SwitchAnswer>> answered = hooks.decide(HookName.ON_HEALTH_CHECK_SUCCEEDED,
                () -> HookEvents.args(HookEvents.healthCheckSucceeded(now, status, healthyFor,
                        HookEvents.candidates(list, mark, cooldown))),
                Answers.switchServer(names));
        if (answered.isEmpty() || !answered.get().answer().switchServer()) {
            return;
        }
        String file = answered.get().file();
        Answers.SwitchAnswer answer = answered.get().answer();
        Optional<String> current = status.connection().map(Connection::serverName);
        if (status.state() != VpnState.RUNNING) {
            LOG.info(file + " asks to switch servers, but the VPN is " + status.state().id() + ": ignored");
            return;
        }
        if (answer.server().isPresent() && answer.server().equals(current)) {
            LOG.debug(file + " asks to switch to " + current.get() + ", the current server: nothing to do");
            return;
        }
        if (lastSwitch != null && mark.minus(lastSwitch).compareTo(MIN_SWITCH_INTERVAL) < 0) {
            if (!toldQuiet) {
                LOG.info(file + " asks to switch servers again " + GoDuration.format(mark.minus(lastSwitch))
                        + " after the last switch: ignored (at most one switch a minute)");
                toldQuiet = true;
            }
            return;
        }
        lastSwitch = mark;
        toldQuiet = false;
        LOG.info(file + " asks to switch from " + current.orElse("(no server)") + " to "
                + answer.server().orElse("another server") + ": " + answer.reason());
        requests.accept(VpnRequest.restartByHook(file, "switching servers as " + file + " asked: " + answer.reason())
                .toward(new NextServer(answer.server(), current)));
    }
}
