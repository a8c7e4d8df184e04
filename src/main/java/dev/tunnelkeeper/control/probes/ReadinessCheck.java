package dev.tunnelkeeper.control.probes;

import dev.tunnelkeeper.health.HealthState;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;

/** Kubernetes' readiness: the tunnel is healthy, by the same verdict as the health server's 200/500. */
public final class ReadinessCheck implements HealthCheck {
    private final HealthState state;

    public ReadinessCheck(HealthState state) {
        this.state = state;
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.READINESS;
    }

    @Override
    public String name() {
        return "tunnel";
    }

    @Override
    public HealthCheckResponse call() {
        HealthState.Status status = state.status();
        HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(status.healthy())
                .detail("since", status.since().toString());
        status.error().ifPresent(e -> b.detail("error", e));
        return b.build();
    }
}
