package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.HooksView.HookInfo;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.vpn.Connection;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import java.util.function.Supplier;

/**
 * {@code GET /}: one self-contained HTML page (no scripts, no external assets) with the VPN's state and server, the
 * health verdict, the public IP, the hooks, and the last hour as an SVG timeline. It reloads itself every
 * {@value #REFRESH_SECONDS} seconds.
 */
public final class StatusPage {
    static final int REFRESH_SECONDS = 10;
    private static final String STYLE = """
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1d2330;background:#f7f8fa}
            h1{font-size:1.3rem;margin:0 0 1rem}
            table{border-collapse:collapse;margin-bottom:1rem}
            td,th{padding:.25rem .8rem .25rem 0;text-align:left;vertical-align:top}
            .ok{color:#17803d}.bad{color:#b42318}
            #timeline{background:#fff;border:1px solid #d0d5dd}
            .check.healthy{fill:#2e9e55}.check.unhealthy{fill:#d92d20}
            .restart{stroke:#7a2ef0;stroke-width:2}
            .state.running{fill:#b7e4c7}.state.starting{fill:#fde68a}.state.stopping{fill:#fed7aa}
            .state.stopped{fill:#d0d5dd}.state.crashed{fill:#fca5a5}
            .axis{stroke:#98a2b3}text{font-size:11px;fill:#475467}
            """;

    private StatusPage() {
    }

    public static void register(HttpRouting.Builder routing, Supplier<PageModel> model) {
        routing.get("/", (req, res) -> res
                .header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(render(model.get())));
    }

    static String render(PageModel m) {
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\">")
                .append("<title>tunnelkeeper</title><style>").append(STYLE).append("</style></head><body>")
                .append("<h1>tunnelkeeper</h1><table id=\"summary\">");
        row(html, "vpn-state", "VPN", m.vpn().state().id() + " since " + m.vpn().since() + " (" + m.vpn().reason() + ")");
        row(html, "server", "Server", m.vpn().connection().map(StatusPage::server).orElse("none"));
        HealthState.Status health = m.health();
        html.append("<tr><th>Health</th><td id=\"health\" class=\"").append(health.healthy() ? "ok" : "bad").append("\">")
                .append(Html.escape(health.healthy() ? "healthy since " + health.since()
                        : "unhealthy since " + health.since() + ": " + health.error().orElse("")))
                .append("</td></tr>");
        row(html, "public-ip", "Public IP", m.publicIp().map(PublicIp::describe).orElse("not known"));
        html.append("</table><h2>Last hour</h2>").append(TimelineSvg.render(m.now(), m.lastHour()))
                .append("<p>").append(m.lastHour().checks().size()).append(" checks, ")
                .append(m.lastHour().restarts().size()).append(" restarts</p>");
        hooks(html, m);
        return html.append("<p><small>generated ").append(m.now()).append("</small></p></body></html>").toString();
    }

    private static void hooks(StringBuilder html, PageModel m) {
        html.append("<h2>Hooks</h2>");
        if (m.hooks().isEmpty()) {
            html.append("<p id=\"hooks\">none loaded</p>");
            return;
        }
        html.append("<table id=\"hooks\"><tr><th>File</th><th>Exports</th><th>State</th><th>Errors</th><th>Last error</th></tr>");
        for (HookInfo h : m.hooks()) {
            html.append("<tr data-kind=\"hook\"><td>").append(Html.escape(h.file())).append("</td><td>")
                    .append(Html.escape(String.join(", ", h.exports()))).append("</td><td class=\"")
                    .append(h.disabled() ? "bad\">disabled" : "ok\">enabled").append("</td><td>").append(h.errors())
                    .append("</td><td>").append(Html.escape(h.lastError().orElse(""))).append("</td></tr>");
        }
        html.append("</table>");
    }

    private static void row(StringBuilder html, String id, String label, String value) {
        html.append("<tr><th>").append(label).append("</th><td id=\"").append(id).append("\">").append(Html.escape(value))
                .append("</td></tr>");
    }

    private static String server(Connection c) {
        String location = c.location() == null || c.location().isBlank() ? "" : ", " + c.location();
        return c.serverName() + " (" + c.endpoint() + location + ")";
    }
}
