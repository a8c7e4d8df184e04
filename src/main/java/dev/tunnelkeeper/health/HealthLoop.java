package dev.tunnelkeeper.health;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The internal health check: runs from start to stop and cannot be disabled. Every step runs on the scheduler's
 * thread, so the schedule, the state and the listeners (the healer) never see two results at once.
 */
public final class HealthLoop {
    private static final Log LOG = Log.of("healthcheck");

    private final Scheduler scheduler;
    private final Prober prober;
    private final HealthSchedule schedule;
    private final HealthState state;
    private final List<Consumer<CheckResult>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile Duration lastActivity;
    private Scheduler.Cancellable pending = () -> { };
    private boolean loggedFirstResult;

    public HealthLoop(Scheduler scheduler, Prober prober, HealthSchedule schedule, HealthState state) {
        this.scheduler = scheduler;
        this.prober = prober;
        this.schedule = schedule;
        this.state = state;
        this.lastActivity = scheduler.elapsed();
    }

    /** Results go to listeners in the order added, on the loop's thread. */
    public void addListener(Consumer<CheckResult> listener) {
        listeners.add(listener);
    }

    public void start() {
        running = true;
        scheduler.execute(this::runCheck);
    }

    public void stop() {
        running = false;
        scheduler.execute(() -> pending.cancel());
    }

    /** Called on the loop's thread by the healer after it asked for a VPN restart. */
    public void vpnRestarted() {
        schedule.restarted();
    }

    /** When the loop last started or finished a check, a reading of the scheduler's monotonic clock: liveness reads it. */
    public Duration lastActivity() {
        return lastActivity;
    }

    public boolean isRunning() {
        return running;
    }

    private void runCheck() {
        if (!running) {
            return;
        }
        lastActivity = scheduler.elapsed();
        Duration timeout = schedule.timeout();
        prober.check(timeout).whenComplete((result, error) -> scheduler.execute(() -> {
            CheckResult r = result != null ? result
                    : CheckResult.failure(scheduler.now(), timeout, timeout, "internal error: " + error, ErrorKind.OTHER);
            onResult(r);
        }));
    }

    private void onResult(CheckResult result) {
        if (!running) {
            return;
        }
        lastActivity = scheduler.elapsed();
        boolean wasHealthy = state.status().healthy();
        state.set(result);
        if (result.healthy() && !wasHealthy) {
            LOG.info("healthy!");
        } else if (!result.healthy() && (wasHealthy || !loggedFirstResult)) {
            LOG.info("unhealthy: " + result.error().orElseThrow());
        } else if (!result.healthy()) {
            LOG.debug("still unhealthy: " + result.error().orElseThrow());
        }
        loggedFirstResult = true;
        for (Consumer<CheckResult> listener : listeners) {
            listener.accept(result);
        }
        Duration wait = schedule.next(result);
        pending = scheduler.schedule(wait, this::runCheck);
    }
}
