package dev.tunnelkeeper.health;

import java.time.Instant;
import java.util.Optional;

/**
 * The current verdict, read by the health server from any thread. It starts unhealthy with
 * {@code healthcheck did not run yet}, as gluetun's does.
 */
public final class HealthState {
    public static final String NOT_RUN_YET = "healthcheck did not run yet";

    /** @param error empty when healthy */
    public record Status(Optional<String> error, Instant since) {
        public boolean healthy() {
            return error.isEmpty();
        }
    }

    private volatile Status status;

    public HealthState(Instant start) {
        this.status = new Status(Optional.of(NOT_RUN_YET), start);
    }

    public Status status() {
        return status;
    }

    void set(CheckResult result) {
        Status old = status;
        if (old.healthy() == result.healthy() && old.error().equals(result.error())) {
            return;
        }
        // "since" marks the change of verdict, not of error text.
        Instant since = old.healthy() == result.healthy() ? old.since() : result.at();
        status = new Status(result.error(), since);
    }
}
