package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The chosen range as an SVG with three lanes: the VPN's state as coloured bands, the health as bands (green while
 * the last check passed, red while it failed; each failed check a dark tick), and the restarts as lettered markers
 * coloured by cause, with a line across the lanes. A stretch is never drawn narrower than {@value #MIN_WIDTH} units,
 * so a minute of trouble in 24 hours still shows, and a stretch of trouble wide enough is labelled with its length.
 * When less than the range is recorded (the product started lately), the drawing starts just before the first record
 * (showing at least {@link #MIN_SPAN}), so a young history is not a sliver at the end of an empty strip.
 * Every mark carries {@code data-kind} and {@code data-at} (and its result or cause) and a {@code <title>} in words,
 * so a test, a user's script or a mouse can read it.
 */
final class TimelineSvg {
    static final int WIDTH = 960;
    static final int LEFT = 64;
    static final double MIN_WIDTH = 3;
    private static final int HEIGHT = 132;
    private static final int VPN_Y = 6;
    private static final int HEALTH_Y = 36;
    private static final int LANE_H = 24;
    private static final int RESTART_Y = 80;
    private static final int AXIS_Y = 100;
    private static final int MARKER_R = 9;
    /** The least a young history is drawn over. */
    static final Duration MIN_SPAN = Duration.ofSeconds(30);
    private static final int MAX_TICKS = 8;
    private static final List<Duration> STEPS = Stream.of(5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600)
            .map(Duration::ofSeconds).toList();

    private TimelineSvg() {
    }

    /** The marker's letter for a cause, as the legend explains it. */
    static String letter(Cause cause) {
        return switch (cause) {
            case HEALER -> "H";
            case CRASH -> "L";
            case USER -> "U";
            case HOOK -> "J";
            case KILL_SWITCH -> "K";
            case START_UP, CONFIGURATION, SHUTDOWN -> "?"; // never a restart's cause (Cause.RESTARTS)
        };
    }

    static String render(Instant now, ZoneId zone, PageRange range, HealthHistory.Snapshot history) {
        Instant start = start(now, range, history);
        StringBuilder svg = new StringBuilder(16_384);
        svg.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"100%\" role=\"img\" aria-label=\"VPN state, health and restarts of the last ")
                .append(range.label()).append("\" data-range=\"").append(range.id()).append("\" data-from=\"").append(start).append("\">");
        svg.append("<text class=\"lane\" x=\"0\" y=\"").append(VPN_Y + 16).append("\">VPN</text>")
                .append("<text class=\"lane\" x=\"0\" y=\"").append(HEALTH_Y + 16).append("\">Health</text>")
                .append("<text class=\"lane\" x=\"0\" y=\"").append(RESTART_Y + 4).append("\">Restarts</text>");
        states(svg, start, now, history.changes());
        health(svg, start, now, history.checks());
        restarts(svg, start, now, history.restarts());
        axis(svg, start, now, zone);
        return svg.append("</svg>").toString();
    }

    /** Where the drawing starts: the range's start, or just before the first record when that is later. */
    static Instant start(Instant now, PageRange range, HealthHistory.Snapshot history) {
        Instant rangeStart = now.minus(range.span());
        Optional<Instant> first = Stream.concat(history.checks().stream().map(HealthHistory.Check::at),
                history.changes().stream().map(HealthHistory.StateChange::at)).min(Comparator.naturalOrder());
        if (first.isEmpty() || !first.get().isAfter(rangeStart)) {
            return rangeStart;
        }
        Instant padded = first.get().minus(Duration.between(first.get(), now).dividedBy(20));
        Instant shortest = now.minus(MIN_SPAN);
        Instant start = padded.isBefore(shortest) ? padded : shortest;
        return start.isBefore(rangeStart) ? rangeStart : start;
    }

    /** One band per stretch in a state, from the state the range began in to now. */
    private static void states(StringBuilder svg, Instant start, Instant now, List<HealthHistory.StateChange> changes) {
        for (int i = 0; i < changes.size(); i++) {
            HealthHistory.StateChange change = changes.get(i);
            Instant to = i + 1 < changes.size() ? changes.get(i + 1).at() : now;
            if (to.isBefore(start)) {
                continue;
            }
            VpnState state = change.to();
            band(svg, "state " + state.id(), "vpn-state\" data-state=\"" + state.id(), change.at(), to, start, now, VPN_Y,
                    change.at() + " VPN " + state.id() + change.server().map(s -> " (" + s + ")").orElse("") + ": " + change.reason());
        }
    }

    /** Merged stretches of passing or failing checks; each failed check also a tick. */
    private static void health(StringBuilder svg, Instant start, Instant now, List<HealthHistory.Check> checks) {
        int i = 0;
        while (i < checks.size()) {
            boolean healthy = checks.get(i).healthy();
            int j = i;
            while (j + 1 < checks.size() && checks.get(j + 1).healthy() == healthy) {
                j++;
            }
            Instant from = checks.get(i).at();
            Instant to = j + 1 < checks.size() ? checks.get(j + 1).at() : now;
            if (!to.isBefore(start)) {
                String state = healthy ? "healthy" : "unhealthy";
                String title = from + " " + state + " (" + (j - i + 1) + " check" + (j == i ? "" : "s") + ")"
                        + (healthy ? "" : ": " + checks.get(j).error().orElse(""));
                band(svg, "health " + state, "health\" data-healthy=\"" + healthy + "\" data-checks=\"" + (j - i + 1),
                        from, to, start, now, HEALTH_Y, title);
                double width = x(start, now, to) - x(start, now, from);
                if (!healthy && width >= 40) {
                    svg.append("<text class=\"outage\" x=\"").append(round(x(start, now, from) + width / 2)).append("\" y=\"")
                            .append(HEALTH_Y + 16).append("\" text-anchor=\"middle\">")
                            .append(Times.length(Duration.between(from, to))).append("</text>");
                }
            }
            i = j + 1;
        }
        for (HealthHistory.Check c : checks) {
            if (!c.healthy() && !c.at().isBefore(start)) {
                svg.append("<rect class=\"check unhealthy\" data-kind=\"check\" data-healthy=\"false\" data-at=\"").append(c.at())
                        .append("\" x=\"").append(x(start, now, c.at()) - 0.5).append("\" y=\"").append(HEALTH_Y + 4)
                        .append("\" width=\"1\" height=\"").append(LANE_H - 8).append("\"><title>")
                        .append(Html.escape(c.at() + " check failed: " + c.error().orElse(""))).append("</title></rect>");
            }
        }
    }

    private static void restarts(StringBuilder svg, Instant start, Instant now, List<HealthHistory.Restart> all) {
        List<HealthHistory.Restart> restarts = all.stream().filter(r -> !r.at().isBefore(start)).toList();
        double[] cx = markers(restarts.stream().mapToDouble(r -> x(start, now, r.at())).toArray());
        for (int i = 0; i < restarts.size(); i++) {
            HealthHistory.Restart r = restarts.get(i);
            double x = x(start, now, r.at());
            svg.append("<g class=\"restart ").append(r.cause().id()).append("\" data-kind=\"restart\" data-cause=\"")
                    .append(r.cause().id()).append("\" data-at=\"").append(r.at()).append("\"><title>")
                    .append(Html.escape(r.at() + " restart, " + Events.cause(r) + ": " + r.reason())).append("</title>")
                    .append("<line x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(VPN_Y)
                    .append("\" y2=\"").append(RESTART_Y - 9).append("\"/><line x1=\"").append(x).append("\" x2=\"").append(cx[i])
                    .append("\" y1=\"").append(RESTART_Y - 9).append("\" y2=\"").append(RESTART_Y).append("\"/><circle cx=\"")
                    .append(cx[i]).append("\" cy=\"").append(RESTART_Y).append("\" r=\"").append(MARKER_R)
                    .append("\"/><text x=\"").append(cx[i]).append("\" y=\"").append(RESTART_Y + 4)
                    .append("\" text-anchor=\"middle\">").append(letter(r.cause())).append("</text></g>");
        }
    }

    /**
     * Where the markers' circles go: at their times, but pushed apart so that none covers another (restarts seconds
     * apart would otherwise be one blot), and kept inside the drawing; each keeps a line to its true time.
     */
    static double[] markers(double[] x) {
        double[] cx = x.clone();
        double gap = 2 * MARKER_R + 1;
        for (int i = 1; i < cx.length; i++) {
            cx[i] = Math.max(cx[i], cx[i - 1] + gap);
        }
        for (int i = cx.length - 1; i >= 0; i--) {
            double limit = i == cx.length - 1 ? WIDTH - MARKER_R : cx[i + 1] - gap;
            cx[i] = round(Math.min(cx[i], limit));
        }
        return cx;
    }

    private static void band(StringBuilder svg, String cssClass, String kind, Instant from, Instant to, Instant start,
                             Instant now, int y, String title) {
        double x1 = x(start, now, from);
        double width = Math.max(MIN_WIDTH, x(start, now, to) - x1);
        svg.append("<rect class=\"").append(cssClass).append("\" data-kind=\"").append(kind).append("\" data-at=\"").append(from)
                .append("\" x=\"").append(x1).append("\" y=\"").append(y).append("\" width=\"").append(round(width))
                .append("\" height=\"").append(LANE_H).append("\"><title>").append(Html.escape(title)).append("</title></rect>");
    }

    /** Clock-time ticks at a round step (at most {@value #MAX_TICKS}) in the page's zone, and "now" at the end. */
    private static void axis(StringBuilder svg, Instant start, Instant now, ZoneId zone) {
        svg.append("<line class=\"axis\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH).append("\" y1=\"").append(AXIS_Y)
                .append("\" y2=\"").append(AXIS_Y).append("\"/>");
        Duration span = Duration.between(start, now);
        long step = STEPS.stream().filter(s -> span.dividedBy(s) <= MAX_TICKS).findFirst().orElse(STEPS.getLast()).toSeconds();
        long offset = zone.getRules().getOffset(now).getTotalSeconds();
        long first = Math.floorDiv(start.getEpochSecond() + offset + step - 1, step) * step - offset;
        for (long t = first; t <= now.getEpochSecond(); t += step) {
            Instant at = Instant.ofEpochSecond(t);
            double x = x(start, now, at);
            if (WIDTH - x < 40) {
                continue; // would run into "now"
            }
            svg.append("<line class=\"tick\" x1=\"").append(x).append("\" x2=\"").append(x).append("\" y1=\"").append(AXIS_Y)
                    .append("\" y2=\"").append(AXIS_Y + 5).append("\"/><text x=\"").append(x).append("\" y=\"")
                    .append(AXIS_Y + 18).append("\" text-anchor=\"middle\" data-at=\"").append(at).append("\" data-seconds=\"")
                    .append(step < 60).append("\">").append(Times.axis(at, zone, step < 60)).append("</text>");
        }
        svg.append("<text x=\"").append(WIDTH).append("\" y=\"").append(AXIS_Y + 18).append("\" text-anchor=\"end\">now</text>");
    }

    /** Where a time falls: {@link #LEFT} at the range's start, {@link #WIDTH} now. */
    static double x(Instant start, Instant now, Instant at) {
        double fraction = Duration.between(start, at).toMillis() / (double) Duration.between(start, now).toMillis();
        return round(LEFT + Math.max(0, Math.min(1, fraction)) * (WIDTH - LEFT));
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
