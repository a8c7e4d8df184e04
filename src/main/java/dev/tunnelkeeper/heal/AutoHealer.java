package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * gluetun's auto-healing: a timer armed at program start and at the first failure after a success. When it
 * elapses with no success in between, the VPN client (never the process) is restarted and the window grows by
 * the addition (6s, 11s, 16s, ...). A success disarms the timer and puts the window back to its initial value.
 * Runs on the health loop's scheduler thread: results and timer firings never overlap.
 */
public final class AutoHealer implements Consumer<CheckResult> {
    private static final Log LOG = Log.of("healthcheck");

    private final Scheduler scheduler;
    private final HealthSettings settings;
    private final VpnRestarter restarter;
    private final Runnable afterRestart;
    private Duration window;
    private Scheduler.Cancellable timer;
    private Optional<CheckResult> lastFailure = Optional.empty();
    private int restarts;

    /**
     * @param afterRestart run after each restart request (the loop starts its timeouts over)
     */
    public AutoHealer(Scheduler scheduler, HealthSettings settings, VpnRestarter restarter, Runnable afterRestart) {
        this.scheduler = scheduler;
        this.settings = settings;
        this.restarter = restarter;
        this.afterRestart = afterRestart;
        this.window = settings.vpnInitial();
    }

    /** At program start the window runs from now. */
    public void start() {
        scheduler.execute(this::arm);
    }

    @Override
    public void accept(CheckResult result) {
        if (result.healthy()) {
            disarm();
            window = settings.vpnInitial();
            lastFailure = Optional.empty();
            return;
        }
        lastFailure = Optional.of(result);
        if (timer == null) {
            arm(); // the first failure after a success starts the window
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
        if (settings.restartVpn()) {
            LOG.info("program has been unhealthy for " + elapsed + ": restarting VPN");
        } else {
            LOG.info("program has been unhealthy for " + elapsed + ": not restarting VPN (HEALTH_RESTART_VPN=off)");
        }
        explain();
        if (settings.restartVpn()) {
            restarts++;
            String why = "unhealthy for " + elapsed + lastFailure.flatMap(CheckResult::error).map(e -> ": " + e).orElse("");
            restarter.restart(why);
            afterRestart.run();
        }
        window = window.plus(settings.vpnAddition());
        arm();
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
