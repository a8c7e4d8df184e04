package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.ErrorKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The history as a list of what happened: the health turning (not every check: a run of failures is one event,
 * and the recovery says how long it lasted), each VPN state change, each restart with its cause.
 */
final class Events {
    /** How many the page lists, newest first. */
    static final int SHOWN = 40;

    /**
     * One line of the list.
     *
     * @param kind   {@code health}, {@code vpn} or {@code restart}: the row's data-kind
     * @param tone   {@code ok}, {@code bad} or {@code info}: its colour
     * @param what   what happened, short: {@code unhealthy}, {@code VPN running (s1)}, {@code restart}
     * @param cause  why, when the product knows a cause: {@code heal window}, {@code hook heal.mjs}, {@code timeout}
     * @param detail the reason or the error, in the product's words
     */
    record Event(Instant at, String kind, String tone, String what, String cause, String detail) {
    }

    private Events() {
    }

    /** Every event of the history, oldest first. */
    static List<Event> of(HealthHistory.Snapshot history) {
        List<Event> events = new ArrayList<>();
        health(history.checks(), events);
        for (HealthHistory.Restart r : history.restarts()) {
            events.add(new Event(r.at(), "restart", "bad", "restart", cause(r), r.reason()));
        }
        for (HealthHistory.StateChange c : history.changes()) {
            String tone = switch (c.to()) {
                case RUNNING -> "ok";
                case CRASHED -> "bad";
                default -> "info";
            };
            events.add(new Event(c.at(), "vpn", tone, "VPN " + c.to().id() + c.server().map(s -> " (" + s + ")").orElse(""),
                    "", c.reason()));
        }
        // Stable: at equal times a restart comes before the state change it caused.
        events.sort(Comparator.comparing(Event::at));
        return events;
    }

    /** The newest {@link #SHOWN}, newest first. */
    static List<Event> recent(HealthHistory.Snapshot history) {
        List<Event> all = of(history);
        List<Event> recent = new ArrayList<>(all.subList(Math.max(0, all.size() - SHOWN), all.size()));
        return recent.reversed();
    }

    /** {@code heal window}, {@code tunnel lost}, {@code user}, {@code hook heal.mjs}, {@code kill-switch watch}. */
    static String cause(HealthHistory.Restart r) {
        return r.cause().label() + r.hook().map(f -> " " + f).orElse("");
    }

    private static void health(List<HealthHistory.Check> checks, List<Event> events) {
        Optional<Boolean> healthy = Optional.empty();
        Instant failingSince = null;
        int failures = 0;
        for (HealthHistory.Check c : checks) {
            if (c.healthy()) {
                if (healthy.isEmpty() || !healthy.get()) {
                    String detail = failures == 0 ? "check took " + c.took().toMillis() + " ms"
                            : "after " + failures + " failed check" + (failures == 1 ? "" : "s") + " in "
                              + Times.length(Duration.between(failingSince, c.at()));
                    events.add(new Event(c.at(), "health", "ok", "healthy", "", detail));
                }
                failures = 0;
            } else {
                if (healthy.isEmpty() || healthy.get()) {
                    failingSince = c.at();
                    events.add(new Event(c.at(), "health", "bad", "unhealthy", c.kind().map(ErrorKind::id).orElse(""),
                            c.error().orElse("")));
                }
                failures++;
            }
            healthy = Optional.of(c.healthy());
        }
    }
}
