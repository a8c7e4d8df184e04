package dev.tunnelkeeper.control.probes;

import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/** Kubernetes' startup: UP from the first time a tunnel came up, for good (liveness takes over from there). */
public final class StartupCheck implements HealthCheck, Consumer<VpnEvent> {
    private volatile Optional<Instant> firstUp = Optional.empty();

    @Override
    public void accept(VpnEvent event) {
        if (event.to() == VpnState.RUNNING && firstUp.isEmpty()) {
            firstUp = Optional.of(event.time());
        }
    }

    @Override
    public HealthCheckType type() {
        return HealthCheckType.STARTUP;
    }

    @Override
    public String name() {
        return "first-tunnel";
    }

    @Override
    public HealthCheckResponse call() {
        Optional<Instant> up = firstUp;
        HealthCheckResponse.Builder b = HealthCheckResponse.builder().status(up.isPresent());
        up.ifPresentOrElse(t -> b.detail("firstTunnelUp", t.toString()), () -> b.detail("firstTunnelUp", "not yet"));
        return b.build();
    }
}
