package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.heal.VpnRestarter;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Feeds health results and VPN events to the hooks that hear them: {@code onHealthy} on recovery,
 * {@code onHealthCheckSucceeded} on each success (which may ask to switch servers), {@code onRestart} on each new
 * connect attempt after a restart or a crash. A switch is carried out as a restart whose selection is steered by
 * a one-shot {@link SwitchRequest}; at most one a minute, and only from a running tunnel, so a hook that always
 * says "switch" cannot storm the VPN.
 */
public final class HookNotifications {
    static final Duration MIN_SWITCH_INTERVAL = Duration.ofMinutes(1);
    private static final Log LOG = Log.of("hooks");

    private final HookRegistry hooks;
    private final ScriptedServerSelector selector;
    private final VpnRestarter restarter;
    private final Supplier<VpnStatus> vpn;
    private final Supplier<List<Candidate>> candidates;
    private final Duration cooldown;

    // health loop thread
    private Instant unhealthySince;
    private Instant healthySince;
    private Instant lastSwitch;
    private boolean toldQuiet;
    // supervisor thread
    private Optional<String> lastServer = Optional.empty();

    HookNotifications(HookRegistry hooks, ScriptedServerSelector selector, VpnRestarter restarter,
                      Supplier<VpnStatus> vpn, Supplier<List<Candidate>> candidates, Duration cooldown, InstantSource clock) {
        this.hooks = hooks;
        this.selector = selector;
        this.restarter = restarter;
        this.vpn = vpn;
        this.candidates = candidates;
        this.cooldown = cooldown;
        this.unhealthySince = clock.instant();
    }

    /** A health loop listener: {@code loop.addListener(notifications::onCheckResult)}. */
    public void onCheckResult(CheckResult result) {
        try {
            Instant now = result.at();
            if (!result.healthy()) {
                if (healthySince != null) {
                    unhealthySince = now;
                    healthySince = null;
                }
                return;
            }
            if (healthySince == null) {
                healthySince = now;
                Duration unhealthyFor = Duration.between(unhealthySince, now);
                hooks.notifyAll(HookName.ON_HEALTHY,
                        () -> HookEvents.args(HookEvents.healthy(now, vpn.get(), unhealthyFor)));
            }
            askToSwitch(now);
        } catch (RuntimeException e) {
            LOG.error("the health notification hooks failed: " + e);
        }
    }

    /** A supervisor listener: {@code supervisor.addListener(notifications::onVpnEvent)}. */
    public void onVpnEvent(VpnEvent event) {
        if (event.to() != VpnState.STARTING) {
            return;
        }
        Optional<String> previous = lastServer;
        lastServer = event.connection().map(Connection::serverName);
        if (event.from() == VpnState.STOPPING || event.from() == VpnState.CRASHED) {
            try {
                hooks.notifyAll(HookName.ON_RESTART, () -> HookEvents.args(HookEvents.restart(event, previous)));
            } catch (RuntimeException e) {
                LOG.error("the onRestart hooks failed: " + e);
            }
        }
    }

    // Healthy on this tunnel: since the last failed check, or since the tunnel came up if that is later (a restart
    // between two checks shows no failure, but it is a new connection).
    private Duration healthyFor(VpnStatus status, Instant now) {
        Instant since = healthySince;
        if (status.state() == VpnState.RUNNING && status.since().isAfter(since)) {
            since = status.since();
        }
        return since.isAfter(now) ? Duration.ZERO : Duration.between(since, now);
    }

    private void askToSwitch(Instant now) {
        if (!hooks.anyExports(HookName.ON_HEALTH_CHECK_SUCCEEDED)) {
            return;
        }
        VpnStatus status = vpn.get();
        List<Candidate> list = candidates.get();
        List<String> names = list.stream().map(c -> c.server().name()).toList();
        Duration healthyFor = healthyFor(status, now);
        Optional<Answered<Answers.SwitchAnswer>> answered = hooks.decide(HookName.ON_HEALTH_CHECK_SUCCEEDED,
                () -> HookEvents.args(HookEvents.healthCheckSucceeded(now, status, healthyFor,
                        HookEvents.candidates(list, now, cooldown))),
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
        if (lastSwitch != null && Duration.between(lastSwitch, now).compareTo(MIN_SWITCH_INTERVAL) < 0) {
            if (!toldQuiet) {
                LOG.info(file + " asks to switch servers again " + GoDuration.format(Duration.between(lastSwitch, now))
                        + " after the last switch: ignored (at most one switch a minute)");
                toldQuiet = true;
            }
            return;
        }
        lastSwitch = now;
        toldQuiet = false;
        selector.requestSwitch(new SwitchRequest(answer.server(), current, answer.reason(), file, now));
        LOG.info(file + " asks to switch from " + current.orElse("(no server)") + " to "
                + answer.server().orElse("another server") + ": " + answer.reason());
        restarter.restart("switching servers as " + file + " asked: " + answer.reason(), file);
    }
}
