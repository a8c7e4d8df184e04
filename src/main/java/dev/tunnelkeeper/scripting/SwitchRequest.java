package dev.tunnelkeeper.scripting;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A hook's "switch" for the next connect: to a named server, or anywhere but the current one. One-shot, and it
 * expires, so a switch that never led to a restart (the VPN was stopped meanwhile) does not steer a much later one.
 *
 * @param target  the server asked for, or empty: any but {@code avoid}
 * @param avoid   the server it switches away from
 * @param reason  the hook's reason
 * @param file    the hook file that asked
 * @param at      when
 */
record SwitchRequest(Optional<String> target, Optional<String> avoid, String reason, String file, Instant at) {
    static final Duration VALID_FOR = Duration.ofMinutes(2);

    boolean expired(Instant now) {
        return Duration.between(at, now).compareTo(VALID_FOR) > 0;
    }
}
