package dev.tunnelkeeper.control.probes;

import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.api.JsonAnswer;
import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import jakarta.json.Json;
import java.util.List;

/**
 * The health endpoints of the control listener, on the named listener only.
 *
 * <p>{@code /observe/health}: Helidon's health observer with our three checks and nothing else (no disk or heap checks
 * from the classpath), 200 when UP and 503 when DOWN, with each check's details (why the tunnel is down, when it first
 * came up): for the operator, behind a role.
 *
 * <p>{@code /observe/health/live}, {@code /ready}, {@code /started}: the Kubernetes probes, open to the kubelet by
 * default, so they tell the status only: 200 {@code {"status":"UP"}} or 503 {@code {"status":"DOWN"}}. They are routes
 * of the listener's own routing, which Helidon matches before the observer's routes of the same paths.
 */
public final class Probes {
    private Probes() {
    }

    public static ObserveFeature feature(String socket, List<HealthCheck> checks) {
        HealthObserver health = HealthObserver.builder()
                .useSystemServices(false)
                .details(true)
                .addChecks(checks.toArray(HealthCheck[]::new))
                .build();
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(health)
                .sockets(List.of(socket))
                .build();
    }

    /** The three probes, status only, each asking the checks of its type. */
    public static void register(HttpRouting.Builder routing, List<HealthCheck> checks) {
        routing.get(ControlRoutes.path(ControlRoutes.PROBE_LIVE), statusOnly(checks, HealthCheckType.LIVENESS))
                .get(ControlRoutes.path(ControlRoutes.PROBE_READY), statusOnly(checks, HealthCheckType.READINESS))
                .get(ControlRoutes.path(ControlRoutes.PROBE_STARTED), statusOnly(checks, HealthCheckType.STARTUP));
    }

    private static Handler statusOnly(List<HealthCheck> checks, HealthCheckType type) {
        List<HealthCheck> ofType = checks.stream().filter(c -> c.type() == type).toList();
        return (req, res) -> {
            boolean up = ofType.stream().allMatch(Probes::up);
            JsonAnswer.send(res, up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503,
                    Json.createObjectBuilder().add("status", up ? "UP" : "DOWN").build());
        };
    }

    // A check that throws is DOWN here; /observe/health shows what it threw.
    private static boolean up(HealthCheck check) {
        try {
            return check.call().status() == HealthCheckResponse.Status.UP;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
