package dev.tunnelkeeper.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of one health check.
 *
 * @param at       when the check finished
 * @param took     how long it ran
 * @param timeout  the timeout it had
 * @param error    empty on success; else Go-style text such as {@code dial tcp 10.0.0.1:443: i/o timeout}
 * @param kind     the failure's kind, empty on success
 */
public record CheckResult(Instant at, Duration took, Duration timeout, Optional<String> error, Optional<ErrorKind> kind) {

    public static CheckResult success(Instant at, Duration took, Duration timeout) {
        return new CheckResult(at, took, timeout, Optional.empty(), Optional.empty());
    }

    public static CheckResult failure(Instant at, Duration took, Duration timeout, String error, ErrorKind kind) {
        return new CheckResult(at, took, timeout, Optional.of(error), Optional.of(kind));
    }

    public boolean healthy() {
        return error.isEmpty();
    }
}
