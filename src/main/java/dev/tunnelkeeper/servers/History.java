package dev.tunnelkeeper.servers;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What happened with one server since start. Immutable: each event gives a new History, so a snapshot handed to a
 * hook or the API can never change under it.
 *
 * @param timesChosen     how often it was chosen for an attempt
 * @param lastChosen      when it was last chosen
 * @param lastIp          the address of its last attempt (the next attempt uses the next one in its list)
 * @param connectFailures attempts that never brought the tunnel up
 * @param losses          tunnels to it that were up and went down (a crash, or a restart by the healer or the user)
 * @param recentFailures  the last {@value #RECENT} failures of either kind, oldest first
 * @param lastConnected   when a tunnel to it last came up
 * @param lastHealthy     when a health check last passed through it
 */
public record History(
        int timesChosen,
        Optional<Instant> lastChosen,
        Optional<String> lastIp,
        int connectFailures,
        int losses,
        List<Failure> recentFailures,
        Optional<Instant> lastConnected,
        Optional<Instant> lastHealthy) {

    public static final int RECENT = 10;
    public static final History NONE = new History(0, Optional.empty(), Optional.empty(), 0, 0, List.of(),
            Optional.empty(), Optional.empty());

    /**
     * One failure: when (the wall clock, shown), the time source's monotonic reading then (for the cool-down), which
     * kind, through which address and why (the supervisor's words).
     */
    public record Failure(Instant at, Duration elapsed, Kind kind, String ip, String reason) {
    }

    public enum Kind {
        /** The attempt never brought the tunnel up. */
        CONNECT,
        /** The tunnel was up and went down. */
        LOST
    }

    public History {
        recentFailures = List.copyOf(recentFailures);
    }

    public Optional<Failure> lastFailure() {
        return recentFailures.isEmpty() ? Optional.empty() : Optional.of(recentFailures.get(recentFailures.size() - 1));
    }

    /**
     * Whether it failed less than {@code cooldown} before {@code elapsed}, a monotonic reading of the same time source:
     * such a server is passed over while others have not. A wall-clock jump neither ends nor stretches a cool-down.
     */
    public boolean failedWithin(Duration cooldown, Duration elapsed) {
        return lastFailure().map(f -> elapsed.minus(f.elapsed()).compareTo(cooldown) < 0).orElse(false);
    }

    History chosen(Instant at, String ip) {
        return new History(timesChosen + 1, Optional.of(at), Optional.of(ip), connectFailures, losses, recentFailures,
                lastConnected, lastHealthy);
    }

    History connected(Instant at) {
        return new History(timesChosen, lastChosen, lastIp, connectFailures, losses, recentFailures,
                Optional.of(at), lastHealthy);
    }

    History healthy(Instant at) {
        return new History(timesChosen, lastChosen, lastIp, connectFailures, losses, recentFailures,
                lastConnected, Optional.of(at));
    }

    History failed(Failure failure) {
        List<Failure> recent = new ArrayList<>(recentFailures);
        recent.add(failure);
        if (recent.size() > RECENT) {
            recent.remove(0);
        }
        boolean lost = failure.kind() == Kind.LOST;
        return new History(timesChosen, lastChosen, lastIp, connectFailures + (lost ? 0 : 1), losses + (lost ? 1 : 0),
                recent, lastConnected, lastHealthy);
    }
}
