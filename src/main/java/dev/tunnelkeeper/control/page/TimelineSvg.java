package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The last hour as an SVG strip: the VPN's state as coloured bands on top, each health check as a tick (green
 * healthy, red not), each restart as a vertical line across. Every mark carries {@code data-kind} and
 * {@code data-at} (and its result or cause), so a test, or a user's script, can read the timeline from the DOM.
 */
final class TimelineSvg {
    static final Duration SPAN = Duration.ofHours(1);
    private static final int WIDTH = 960;
    private static final int HEIGHT = 110;
    private static final int STATE_Y = 8;
    private static final int CHECK_Y = 40;
    private static final int AXIS_Y = 100;

    private TimelineSvg() {
    }

    static String render(Instant now, HealthHistory.Snapshot history) {
        Instant start = now.minus(SPAN);
        StringBuilder svg = new StringBuilder();
        svg.append("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" width=\"100%\" role=\"img\" aria-label=\"checks and restarts of the last hour\">");
        states(svg, start, now, history.changes());
        for (HealthHistory.Check c : history.checks()) {
            String state = c.healthy() ? "healthy" : "unhealthy";
            String title = c.at() + " " + (c.healthy() ? "healthy (" + c.took().toMillis() + " ms)" : c.error().orElse(""));
            svg.append("<rect class=\"check ").append(state).append("\" data-kind=\"check\" data-healthy=\"")
                    .append(c.healthy()).append("\" data-at=\"").append(c.at()).append("\" x=\"").append(x(start, c.at()))
                    .append("\" y=\"").append(CHECK_Y).append("\" width=\"2\" height=\"40\"><title>")
                    .append(Html.escape(title)).append("</title></rect>");
        }
        for (HealthHistory.Restart r : history.restarts()) {
            double x = x(start, r.at());
            svg.append("<line class=\"restart\" data-kind=\"restart\" data-cause=\"").append(r.cause().id())
                    .append("\" data-at=\"").append(r.at()).append("\" x1=\"").append(x).append("\" x2=\"").append(x)
                    .append("\" y1=\"2\" y2=\"").append(AXIS_Y - 8).append("\"><title>")
                    .append(Html.escape(r.at() + " restart (" + r.cause().id() + "): " + r.reason()))
                    .append("</title></line>");
        }
        axis(svg);
        return svg.append("</svg>").toString();
    }

    /** One band per stretch in a state, from the state the hour began in to now. */
    private static void states(StringBuilder svg, Instant start, Instant now, List<HealthHistory.StateChange> changes) {
        for (int i = 0; i < changes.size(); i++) {
            HealthHistory.StateChange change = changes.get(i);
            Instant from = change.at().isBefore(start) ? start : change.at();
            Instant to = i + 1 < changes.size() ? changes.get(i + 1).at() : now;
            if (!to.isAfter(from)) {
                continue;
            }
            VpnState state = change.to();
            svg.append("<rect class=\"state ").append(state.id()).append("\" data-kind=\"vpn-state\" data-state=\"")
                    .append(state.id()).append("\" data-at=\"").append(change.at()).append("\" x=\"").append(x(start, from))
                    .append("\" y=\"").append(STATE_Y).append("\" width=\"").append(Math.max(0.5, x(start, to) - x(start, from)))
                    .append("\" height=\"20\"><title>")
                    .append(Html.escape(change.at() + " " + state.id() + change.server().map(s -> " (" + s + ")").orElse("")
                            + ": " + change.reason()))
                    .append("</title></rect>");
        }
    }

    private static void axis(StringBuilder svg) {
        svg.append("<line class=\"axis\" x1=\"0\" x2=\"").append(WIDTH).append("\" y1=\"").append(AXIS_Y - 8)
                .append("\" y2=\"").append(AXIS_Y - 8).append("\"/>");
        for (int minutes = 60; minutes >= 0; minutes -= 15) {
            double x = WIDTH * (60 - minutes) / 60.0;
            String anchor = minutes == 60 ? "start" : minutes == 0 ? "end" : "middle";
            svg.append("<text x=\"").append(x).append("\" y=\"").append(AXIS_Y + 6).append("\" text-anchor=\"")
                    .append(anchor).append("\">").append(minutes == 0 ? "now" : "-" + minutes + " min").append("</text>");
        }
    }

    private static double x(Instant start, Instant at) {
        double fraction = Duration.between(start, at).toMillis() / (double) SPAN.toMillis();
        return Math.round(Math.max(0, Math.min(1, fraction)) * WIDTH * 10) / 10.0;
    }
}
