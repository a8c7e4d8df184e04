package dev.tunnelkeeper.control.probes;

import io.helidon.health.HealthCheck;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import java.util.List;

/**
 * Helidon's health observer with our three checks and nothing else (no disk or heap checks from the classpath):
 * {@code /observe/health}, {@code /observe/health/live}, {@code /observe/health/ready}, {@code /observe/health/started}
 * answer 200 when UP and 503 when DOWN, on the named listener only.
 */
public final class Probes {
    private Probes() {
    }

    public static ObserveFeature feature(String socket, HealthCheck... checks) {
        HealthObserver health = HealthObserver.builder()
                .useSystemServices(false)
                .details(true)
                .addChecks(checks)
                .build();
        return ObserveFeature.builder()
                .observersDiscoverServices(false)
                .addObserver(health)
                .sockets(List.of(socket))
                .build();
    }
}
