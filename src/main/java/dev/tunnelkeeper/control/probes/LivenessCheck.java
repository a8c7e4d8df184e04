package dev.tunnelkeeper.control.probes;

import dev.tunnelkeeper.time.Scheduler;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Kubernetes' liveness: the supervisor's own loops are alive. It says nothing about the tunnel (a dead VPN is the
 * healer's job, and restarting the pod would not help): only that the health loop has been active lately and the
 * threads that run the loop and the supervisor are still there.
 */
public final class LivenessCheck implements HealthCheck {
    /** What liveness looks at. */
    public record Inputs(Supplier<Duration> lastActivity, Duration maxQuiet, BooleanSupplier threadsAlive) {
    }

    private final Inputs inputs;
    private final Scheduler clock;

    public LivenessCheck(Inputs inputs, Scheduler clock) {
        this.inputs = inputs;
        this.clock = clock;
    }

    /**
     * The longest a healthy loop stays quiet: a check's longest timeout (10 s) plus the wait after a success, with
     * room to spare for a loaded machine.
     */
    public static Duration maxQuiet(Duration successWait) {
        return successWait.plus(Duration.ofSeconds(10)).multipliedBy(2).plus(Duration.ofSeconds(10));
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.LIVENESS;
    }

    @Override
    public String name() {
        return "loops";
    }

    @Override
    public HealthCheckResponse call() {
        Duration quiet = clock.since(inputs.lastActivity().get());
        boolean threads = inputs.threadsAlive().getAsBoolean();
        boolean recent = quiet.compareTo(inputs.maxQuiet()) <= 0;
        return HealthCheckResponse.builder()
                .status(threads && recent)
                .detail("threads", threads ? "alive" : "stopped")
                .detail("healthLoopQuietMs", Math.max(0, quiet.toMillis()))
                .detail("healthLoopMaxQuietMs", inputs.maxQuiet().toMillis())
                .build();
    }
}
