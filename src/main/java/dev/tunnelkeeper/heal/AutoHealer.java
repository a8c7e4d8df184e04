package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * gluetun's auto-healing: a timer armed at program start and at the first failure after a success. When it
 * elapses with no success in between, the VPN client (never the process) is restarted and the window grows by
 * the addition (6s, 11s, 16s, ...). A success disarms the timer and puts the window back to its initial value.
 * Runs on the health loop's scheduler thread: results and timer firings never overlap.
 *
 * <p>A {@link HealPolicy} is asked on each failed check (restart now, or wait) and when the window elapses (restart,
 * or wait: skip this restart and let the window grow). A restart it asks for early counts as any restart: the window
 * grows and starts again; it is not honoured within the initial window after the last restart. The built-in policy gives exactly gluetun's behaviour; a policy that throws is logged and
 * the built-in decides. With HEALTH_RESTART_VPN=off, or while the user keeps the VPN stopped through the control
 * API, the policy is not asked: nothing may restart.
 */
public final class AutoHealer implements Consumer<CheckResult> {
    private static final Log LOG = Log.of("healthcheck");

    private final Scheduler scheduler;
    private final HealthSettings settings;
    private final VpnRestarter restarter;
    private final Runnable afterRestart;
    private final HealPolicy policy;
    private final BooleanSupplier stoppedByUser;
    private Duration window;
    private Scheduler.Cancellable timer;
    // Readings of scheduler.elapsed() (monotonic): the durations below never follow a wall clock that jumps.
    private Duration windowStart;
    private Duration unhealthySince;
    private Optional<CheckResult> lastFailure = Optional.empty();
    private int consecutiveFailures;
    private int restarts;
    private Optional<Instant> lastRestart = Optional.empty(); // shown to heal policies
    private Optional<Duration> lastRestartMark = Optional.empty();

    /**
     * @param afterRestart run after each restart request (the loop starts its timeouts over)
     */
    public AutoHealer(Scheduler scheduler, HealthSettings settings, VpnRestarter restarter, Runnable afterRestart) {
        this(scheduler, settings, restarter, afterRestart, BuiltinHealPolicy.INSTANCE, () -> false);
    }

    /**
     * @param stoppedByUser true while the user keeps the VPN stopped (the supervisor's intent: a stop caused by the user
     *                      through the control API): nothing restarts it then
     */
    public AutoHealer(Scheduler scheduler, HealthSettings settings, VpnRestarter restarter, Runnable afterRestart,
                      BooleanSupplier stoppedByUser) {
        this(scheduler, settings, restarter, afterRestart, BuiltinHealPolicy.INSTANCE, stoppedByUser);
    }

    /** @param policy asked on the loop thread; {@link BuiltinHealPolicy#INSTANCE} is gluetun's behaviour */
    public AutoHealer(Scheduler scheduler, HealthSettings settings, VpnRestarter restarter, Runnable afterRestart,
                      HealPolicy policy) {
        this(scheduler, settings, restarter, afterRestart, policy, () -> false);
    }

    public AutoHealer(Scheduler scheduler, HealthSettings settings, VpnRestarter restarter, Runnable afterRestart,
                      HealPolicy policy, BooleanSupplier stoppedByUser) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.restarter = restarter;
        this.afterRestart = afterRestart;
        this.policy = policy;
        this.stoppedByUser = stoppedByUser;
        this.window = settings.vpnInitial();
    }

    /** At program start the window runs from now. */
    public void start() {
        scheduler.execute(() -> {
            unhealthySince = scheduler.elapsed();
            arm();
        });
    }

    @Override
    public void accept(CheckResult result) {
        if (result.healthy()) {
            disarm();
            window = settings.vpnInitial();
            lastFailure = Optional.empty();
            consecutiveFailures = 0;
            unhealthySince = null;
            return;
        }
        lastFailure = Optional.of(result);
        consecutiveFailures++;
        if (unhealthySince == null) {
            unhealthySince = scheduler.elapsed();
        }
        if (timer == null) {
            arm(); // the first failure after a success starts the window
        }
        if (settings.restartVpn() && !stoppedByUser.getAsBoolean()) {
            HealDecision decision = ask(HealEvent.Trigger.CHECK_FAILED);
            if (decision.restart() && newTunnelHadItsChance(decision)) {
                restartEarly(decision);
            }
        }
    }

    // A policy that says "restart" on every failed check would restart a tunnel that is still coming up: each new
    // tunnel gets at least the initial window (HEALTH_VPN_DURATION_INITIAL) before an early restart.
    private boolean newTunnelHadItsChance(HealDecision decision) {
        if (lastRestartMark.isEmpty() || !scheduler.elapsed().minus(lastRestartMark.get()).minus(settings.vpnInitial()).isNegative()) {
            return true;
        }
        LOG.info("not restarting VPN yet as " + decision.decidedBy() + " asks: the last restart was "
                + GoDuration.format(scheduler.elapsed().minus(lastRestartMark.get())) + " ago and a new tunnel gets "
                + GoDuration.format(settings.vpnInitial()) + " (HEALTH_VPN_DURATION_INITIAL)");
        return false;
    }

    /**
     * A new tunnel is ready (on the loop's thread). Failures so far were about the old tunnel, so a window that is
     * running starts over from now, with its current length: without this, a tunnel that the client re-established
     * on its own (openvpn's ping-restart, a crash) could be restarted a few milliseconds before its first check.
     */
    public void tunnelUp() {
        if (timer != null) {
            disarm();
            consecutiveFailures = 0;
            arm();
        }
    }

    /** The current window: how long unhealthy before the next restart. */
    public Duration window() {
        return window;
    }

    public int restarts() {
        return restarts;
    }

    private void arm() {
        windowStart = scheduler.elapsed();
        timer = scheduler.schedule(window, this::windowElapsed);
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    private void windowElapsed() {
        timer = null;
        String elapsed = GoDuration.format(window);
        if (!settings.restartVpn()) {
            LOG.info("program has been unhealthy for " + elapsed + ": not restarting VPN (HEALTH_RESTART_VPN=off)");
            explain();
        } else if (stoppedByUser.getAsBoolean()) {
            LOG.info("program has been unhealthy for " + elapsed + ": not restarting VPN (it was stopped through the control API)");
        } else {
            HealDecision decision = ask(HealEvent.Trigger.WINDOW_ELAPSED);
            if (decision.restart()) {
                LOG.info("program has been unhealthy for " + elapsed + ": restarting VPN");
                if (!decision.builtIn()) {
                    LOG.info("restart confirmed by " + decision.decidedBy() + ": " + decision.reason());
                }
                explain();
                restart(decision);
            } else {
                LOG.info("program has been unhealthy for " + elapsed + ": not restarting VPN yet: " + decision.reason()
                        + " (decided by " + decision.decidedBy() + ")");
            }
        }
        window = window.plus(settings.vpnAddition());
        arm();
    }

    // A policy's "restart now" on a failed check: the same restart as at the window's end, then a grown window.
    private void restartEarly(HealDecision decision) {
        LOG.info("restarting VPN after " + consecutiveFailures + " failed check(s) in "
                + GoDuration.format(unhealthyFor()) + ": " + decision.reason() + " (decided by " + decision.decidedBy() + ")");
        explain();
        disarm();
        restart(decision);
        window = window.plus(settings.vpnAddition());
        arm();
    }

    private void restart(HealDecision decision) {
        restarts++;
        lastRestart = Optional.of(scheduler.now());
        lastRestartMark = Optional.of(scheduler.elapsed());
        restarter.restart(decision.builtIn() ? decision.reason() : decision.decidedBy() + ": " + decision.reason(),
                decision.decidedBy());
        afterRestart.run();
    }

    // The policy must never break the healer: a throw or no answer leaves the decision to the built-in.
    private HealDecision ask(HealEvent.Trigger trigger) {
        HealEvent event = event(trigger);
        try {
            HealDecision decision = policy.decide(event);
            if (decision != null) {
                return decision;
            }
            LOG.warn("the heal policy gave no decision; the built-in decides");
        } catch (RuntimeException e) {
            LOG.error("the heal policy failed (" + e + "); the built-in decides");
        }
        return BuiltinHealPolicy.INSTANCE.decide(event);
    }

    private HealEvent event(HealEvent.Trigger trigger) {
        Instant now = scheduler.now();
        return new HealEvent(trigger, now,
                lastFailure.flatMap(CheckResult::error), lastFailure.flatMap(CheckResult::kind),
                consecutiveFailures, unhealthyFor(), window,
                windowStart == null ? Duration.ZERO : scheduler.elapsed().minus(windowStart),
                restarts, lastRestart);
    }

    private Duration unhealthyFor() {
        return unhealthySince == null ? Duration.ZERO : scheduler.elapsed().minus(unhealthySince);
    }

    private void explain() {
        lastFailure.ifPresentOrElse(f -> {
            ErrorKind kind = f.kind().orElse(ErrorKind.OTHER);
            LOG.info("last error: " + f.error().orElseThrow() + ": " + LikelyCauses.meaning(kind)
                    + " (a consequence of the VPN not working, not its cause)");
        }, () -> LOG.info("no health check has finished yet"));
        LOG.info(LikelyCauses.causesLine());
    }
}
