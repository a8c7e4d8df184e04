package dev.tunnelkeeper.servers;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rule both built-ins share: never go back to a server that failed within the cool-down while another has not;
 * when every one has, take the one that failed longest ago (so a short list never stalls).
 */
abstract class CooldownSelector implements ServerSelector {

    @Override
    public final Optional<Candidate> select(List<Candidate> candidates, SelectionContext context) {
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        List<Candidate> rested = candidates.stream().filter(c -> !context.coolingDown(c)).toList();
        return Optional.of(rested.isEmpty() ? failedLongestAgo(candidates) : pick(rested));
    }

    /** One of {@code rested}: the candidates that have not failed within the cool-down, in priority order, never empty. */
    protected abstract Candidate pick(List<Candidate> rested);

    // Ties (same instant) go to the earlier in priority order: min() keeps the first of equals.
    static Candidate failedLongestAgo(List<Candidate> candidates) {
        return candidates.stream()
                .min(Comparator.comparing(c -> c.history().lastFailure().map(History.Failure::at).orElse(Instant.MIN)))
                .orElseThrow();
    }
}
