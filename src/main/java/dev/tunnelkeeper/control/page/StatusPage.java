package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.api.HooksView.HookInfo;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnState;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code GET /} (with {@code ?range=10m|1h|24h}): one self-contained HTML page (no external assets) with the VPN's
 * state, the health, the server, the public IP and the forwarded port; a timeline of the range with its legend; the
 * recent events with their causes; the servers with their history; the hooks with their errors. Everything is
 * rendered on the server, so it reads the same without scripts (it then reloads itself every
 * {@value #REFRESH_SECONDS} s). With scripts, a small inline script asks for the same address every
 * {@value #POLL_SECONDS} s (same origin, same credentials), swaps in the fresh {@code #live} part, and writes every
 * time in the browser's time zone with a current "ago". Nothing from the settings is shown, so no secret can be.
 */
public final class StatusPage {
    static final int REFRESH_SECONDS = 10;
    static final int POLL_SECONDS = 5;
    private static final String STYLE = """
            :root{--ok:#17803d;--bad:#b42318;--muted:#667085;--line:#d0d5dd}
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
            header{display:flex;align-items:baseline;gap:1rem;padding:.8rem 1.5rem;background:#1d2330;color:#fff}
            header h1{font-size:1.2rem;margin:0}#live-status{font-size:.85rem;color:#c7cdd6}
            main{padding:1rem 1.5rem}section{margin-bottom:1.4rem}
            h2{font-size:1.05rem;margin:0 0 .5rem}
            .cards{display:flex;flex-wrap:wrap;gap:.8rem}
            .card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem;min-width:11rem;flex:1}
            .card .label{font-size:.75rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
            .card .value{font-size:1.15rem;font-weight:600;margin:.15rem 0}.card .note{font-size:.85rem;color:#475467}
            .ok{color:var(--ok)}.bad{color:var(--bad)}.info{color:#475467}.empty{color:var(--muted)}
            .card.bad{border-color:var(--bad);background:#fef3f2}.card.ok{border-color:#abefc6}
            table{border-collapse:collapse;background:#fff;border:1px solid var(--line);width:100%;font-size:.9rem}
            td,th{padding:.3rem .6rem;text-align:left;vertical-align:top;border-bottom:1px solid #eaecf0}
            th{background:#f9fafb;font-weight:600}
            tr.bad td.what{color:var(--bad);font-weight:600}tr.ok td.what{color:var(--ok);font-weight:600}
            td.detail{font-family:ui-monospace,monospace;font-size:.82rem;word-break:break-word}
            #range a{margin-right:.6rem}#range a[aria-current]{font-weight:700;text-decoration:none;color:#1d2330}
            #timeline{background:#fff;border:1px solid var(--line);border-radius:6px}
            .state.running{fill:#b7e4c7}.state.starting{fill:#fde68a}.state.stopping{fill:#fed7aa}
            .state.stopped{fill:#d0d5dd}.state.crashed{fill:#f97066}
            .health.healthy{fill:#2e9e55}.health.unhealthy{fill:#d92d20}.check.unhealthy{fill:#7a271a}
            svg text.outage{fill:#fff;font-weight:700}.axis,.tick{stroke:#98a2b3}svg text{font-size:11px;fill:#475467}svg text.lane{font-weight:600}
            .restart line{stroke:#344054;stroke-width:1.5;stroke-dasharray:3 2}.restart text{fill:#fff;font-weight:700}
            .restart.healer circle,.m.healer{fill:#7a2ef0;background:#7a2ef0}
            .restart.crash circle,.m.crash{fill:#b42318;background:#b42318}
            .restart.user circle,.m.user{fill:#1570ef;background:#1570ef}
            .restart.hook circle,.m.hook{fill:#0e9384;background:#0e9384}
            .restart.kill_switch circle,.m.kill_switch{fill:#dc6803;background:#dc6803}
            #legend{list-style:none;padding:0;margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.85rem}
            .sw{display:inline-block;width:1.6em;height:.9em;vertical-align:middle;margin-right:.3em;border-radius:2px}
            .sw.running{background:#b7e4c7}.sw.starting{background:#fde68a}.sw.stopping{background:#fed7aa}
            .sw.stopped{background:#d0d5dd}.sw.crashed{background:#f97066}.sw.healthy{background:#2e9e55}
            .sw.unhealthy{background:#d92d20}.sw.failed{background:#7a271a;width:.25em}
            .m{display:inline-block;width:1.35em;height:1.35em;border-radius:50%;color:#fff;font-weight:700;text-align:center;
               line-height:1.35em;font-size:.8rem;margin-right:.3em}
            footer{font-size:.8rem;color:var(--muted)}
            """;
    private static final String SCRIPT = """
            (() => {
              const MONTHS = ['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct','Nov','Dec'];
              let skew = 0; // the product's clock minus the browser's: "ago" follows the product
              const pad = n => String(n).padStart(2, '0');
              const local = (d, now) => {
                const clock = pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
                return d.toDateString() === now.toDateString() ? clock : MONTHS[d.getMonth()] + ' ' + d.getDate() + ' ' + clock;
              };
              const ago = ms => {
                const s = Math.floor(ms / 1000);
                if (s < 0) return 'in ' + (-s) + ' s';
                if (s < 5) return 'just now';
                if (s < 60) return s + ' s ago';
                if (s < 3600) return Math.floor(s / 60) + ' min ago';
                if (s < 86400) { const m = Math.floor(s / 60) % 60; return Math.floor(s / 3600) + ' h' + (m ? ' ' + m + ' min' : '') + ' ago'; }
                return Math.floor(s / 86400) + ' d ago';
              };
              const times = () => {
                const now = new Date(Date.now() + skew);
                document.querySelectorAll('#live time[datetime]').forEach(t => {
                  const d = new Date(t.getAttribute('datetime'));
                  t.textContent = local(d, now) + ' (' + ago(now - d) + ')';
                  t.title = d.toString();
                });
                document.querySelectorAll('#live svg text[data-at]').forEach(t => {
                  const d = new Date(t.dataset.at);
                  t.textContent = pad(d.getHours()) + ':' + pad(d.getMinutes()) + (t.dataset.seconds === 'true' ? ':' + pad(d.getSeconds()) : '');
                });
                const zone = document.getElementById('zone');
                if (zone) zone.textContent = "times in " + Intl.DateTimeFormat().resolvedOptions().timeZone + ", this browser's zone";
              };
              const adopt = live => {
                const n = Date.parse(live.dataset.now);
                if (!isNaN(n)) skew = n - Date.now();
                times();
              };
              const status = text => { document.getElementById('live-status').textContent = text; };
              const poll = async () => {
                try {
                  // From the origin: an address with credentials in it (user:password@) cannot be fetched, and the
                  // browser sends the ones it was given for this origin anyway.
                  const r = await fetch(location.origin + location.pathname + location.search, {cache: 'no-store', credentials: 'same-origin'});
                  if (!r.ok) { status('updates paused: HTTP ' + r.status); return; }
                  const fresh = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('live');
                  if (!fresh) { status('updates paused: not a status page'); return; }
                  document.getElementById('live').replaceWith(document.adoptNode(fresh));
                  adopt(fresh);
                  status('live: updated ' + local(new Date(), new Date()));
                } catch (e) {
                  status('updates paused: ' + e.message);
                }
              };
              adopt(document.getElementById('live'));
              status('live: updates every {POLL_SECONDS} s');
              setInterval(poll, {POLL_MILLIS});
              setInterval(times, 1000);
            })();
            """.replace("{POLL_SECONDS}", String.valueOf(POLL_SECONDS)).replace("{POLL_MILLIS}", String.valueOf(POLL_SECONDS * 1000));

    private StatusPage() {
    }

    /** @param model the page's content for the range the request asks for */
    public static void register(HttpRouting.Builder routing, Function<PageRange, PageModel> model) {
        routing.get("/", (req, res) -> {
            PageRange range = PageRange.parse(req.query().first("range").asOptional());
            res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                    .header(HeaderNames.CACHE_CONTROL, "no-store")
                    .send(render(model.apply(range)));
        });
    }

    static String render(PageModel m) {
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<noscript><meta http-equiv=\"refresh\" content=\"").append(REFRESH_SECONDS).append("\"></noscript>")
                .append("<title>tunnelkeeper: ").append(m.vpn().state().id()).append(", ")
                .append(m.health().healthy() ? "healthy" : "unhealthy").append("</title><style>").append(STYLE)
                .append("</style></head><body><header><h1>tunnelkeeper</h1><span id=\"live-status\">")
                .append("reloads every ").append(REFRESH_SECONDS).append(" s</span></header>")
                .append("<main id=\"live\" data-now=\"").append(m.now()).append("\">");
        summary(html, m);
        timeline(html, m);
        events(html, m);
        servers(html, m);
        hooks(html, m);
        html.append("<footer>generated ").append(time(m, m.now())).append(", <span id=\"zone\">times in ")
                .append(Html.escape(m.zone().getId())).append(", the server's zone</span></footer></main><script>").append(SCRIPT)
                .append("</script></body></html>");
        return html.toString();
    }

    private static void summary(StringBuilder html, PageModel m) {
        html.append("<section class=\"cards\" id=\"summary\">");
        VpnState state = m.vpn().state();
        String vpnTone = state == VpnState.RUNNING ? "ok" : state == VpnState.CRASHED ? "bad" : "info";
        card(html, "vpn", vpnTone, "VPN", Html.escape(state.id()),
                "since " + time(m, m.vpn().since()) + "<br>" + Html.escape(m.vpn().reason()));
        HealthState.Status health = m.health();
        card(html, "health", health.healthy() ? "ok" : "bad", "Health", health.healthy() ? "healthy" : "unhealthy",
                "since " + time(m, health.since()) + health.error().map(e -> "<br>" + Html.escape(e)).orElse(""));
        Optional<Connection> c = m.vpn().connection();
        card(html, "server", "info", "Server", Html.escape(c.map(Connection::serverName).orElse("none")),
                c.map(StatusPage::endpoint).map(Html::escape).orElse(""));
        card(html, "public-ip", "info", "Public IP", Html.escape(m.publicIp().map(PublicIp::ip).orElse("not known")),
                Html.escape(m.publicIp().map(StatusPage::place).orElse("looked up through the tunnel after it comes up")));
        card(html, "forwarded-port", "info", "Forwarded port", m.forwardedPort().map(String::valueOf).orElse(""),
                m.forwardedPort().isPresent() ? "open in the kill switch on the VPN interface"
                        : "none (VPN_PORT_FORWARDING off, or not granted yet)");
        html.append("</section>");
    }

    private static void card(StringBuilder html, String id, String tone, String label, String value, String note) {
        html.append("<div class=\"card ").append(tone).append("\" id=\"").append(id).append("-card\"><div class=\"label\">")
                .append(label).append("</div><div class=\"value ").append(tone).append("\" id=\"").append(id).append("\">")
                .append(value).append("</div><div class=\"note\">").append(note).append("</div></div>");
    }

    private static void timeline(StringBuilder html, PageModel m) {
        html.append("<section><h2>Timeline, last ").append(m.range().label());
        Instant from = TimelineSvg.start(m.now(), m.range(), m.history());
        if (from.isAfter(m.now().minus(m.range().span()))) {
            html.append(" <small id=\"recorded\">(all that is recorded: from ").append(time(m, from)).append(")</small>");
        }
        html.append("</h2><nav id=\"range\">");
        for (PageRange r : PageRange.values()) {
            html.append("<a href=\"?range=").append(r.id()).append('"').append(r == m.range() ? " aria-current=\"page\"" : "")
                    .append(">").append(r.label()).append("</a>");
        }
        html.append("</nav>").append(TimelineSvg.render(m.now(), m.zone(), m.range(), m.history()))
                .append("<ul id=\"legend\">");
        for (VpnState s : VpnState.values()) {
            legend(html, "<span class=\"sw " + s.id() + "\"></span>", "VPN " + s.id());
        }
        legend(html, "<span class=\"sw healthy\"></span>", "healthy");
        legend(html, "<span class=\"sw unhealthy\"></span>", "unhealthy");
        legend(html, "<span class=\"sw failed\"></span>", "a failed check");
        for (Cause cause : Cause.RESTARTS) {
            legend(html, "<span class=\"m " + cause.id() + "\">" + TimelineSvg.letter(cause) + "</span>",
                    "restart: " + cause.label() + (cause == Cause.HOOK ? " (its file in the list)" : ""));
        }
        html.append("</ul></section>");
    }

    private static void legend(StringBuilder html, String mark, String text) {
        html.append("<li>").append(mark).append(Html.escape(text)).append("</li>");
    }

    private static void events(StringBuilder html, PageModel m) {
        html.append("<section><h2>Recent events</h2>");
        List<Events.Event> events = Events.recent(m.history());
        if (events.isEmpty()) {
            html.append("<p id=\"events\" class=\"empty\">nothing recorded yet</p></section>");
            return;
        }
        html.append("<table id=\"events\"><tr><th>When</th><th>What</th><th>Cause</th><th>Reason or error</th></tr>");
        for (Events.Event e : events) {
            html.append("<tr class=\"").append(e.tone()).append("\" data-kind=\"").append(e.kind()).append("\"><td>")
                    .append(time(m, e.at())).append("</td><td class=\"what\">").append(Html.escape(e.what()))
                    .append("</td><td class=\"cause\">").append(Html.escape(e.cause())).append("</td><td class=\"detail\">")
                    .append(Html.escape(e.detail())).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static void servers(StringBuilder html, PageModel m) {
        html.append("<section><h2>Servers</h2>");
        if (m.servers().isEmpty()) {
            html.append("<p id=\"servers\" class=\"empty\">no servers listed</p></section>");
            return;
        }
        html.append("<table id=\"servers\"><tr><th>Server</th><th>Location</th><th>Chosen</th><th>Last chosen</th>")
                .append("<th>Connect failures</th><th>Tunnels lost</th><th>Last healthy</th><th>Last failure</th><th>Now</th></tr>");
        Optional<String> current = m.vpn().connection().map(Connection::serverName);
        for (Candidate c : m.servers()) {
            Server s = c.server();
            History h = c.history();
            Optional<Instant> coolingUntil = h.failedWithin(m.cooldown(), m.elapsed())
                    ? h.lastFailure().map(f -> f.at().plus(m.cooldown())) : Optional.empty();
            String now = current.filter(s.name()::equals).isPresent() ? "<span class=\"ok\">in use</span>"
                    : coolingUntil.map(u -> "<span class=\"bad\">cooling down until " + time(m, u) + "</span>").orElse("ready");
            html.append("<tr data-server=\"").append(Html.escape(s.name())).append("\" data-cooling=\"")
                    .append(coolingUntil.isPresent()).append("\"><td>").append(Html.escape(s.name())).append("</td><td>")
                    .append(Html.escape(Stream.of(s.country(), s.region(), s.city()).filter(x -> !x.isBlank())
                            .collect(Collectors.joining(", ")))).append("</td><td>").append(h.timesChosen()).append("</td><td>")
                    .append(optionalTime(m, h.lastChosen())).append("</td><td>").append(h.connectFailures()).append("</td><td>")
                    .append(h.losses()).append("</td><td>").append(optionalTime(m, h.lastHealthy())).append("</td><td class=\"detail\">")
                    .append(h.lastFailure().map(f -> time(m, f.at()) + " " + Html.escape(f.kind().name().toLowerCase(Locale.ROOT)
                            + ": " + f.reason())).orElse("")).append("</td><td>").append(now).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static void hooks(StringBuilder html, PageModel m) {
        html.append("<section><h2>Hooks</h2>");
        if (m.hooks().isEmpty()) {
            html.append("<p id=\"hooks\" class=\"empty\">none loaded</p></section>");
            return;
        }
        html.append("<table id=\"hooks\"><tr><th>File</th><th>Exports</th><th>State</th><th>Errors</th><th>Last error</th></tr>");
        for (HookInfo h : m.hooks()) {
            html.append("<tr data-kind=\"hook\"><td>").append(Html.escape(h.file())).append("</td><td>")
                    .append(Html.escape(String.join(", ", h.exports()))).append("</td><td class=\"")
                    .append(h.disabled() ? "bad\">disabled" : "ok\">enabled").append("</td><td>").append(h.errors())
                    .append("</td><td class=\"detail\">").append(Html.escape(h.lastError().orElse(""))).append("</td></tr>");
        }
        html.append("</table></section>");
    }

    private static String time(PageModel m, Instant at) {
        return Times.element(at, m.now(), m.zone());
    }

    private static String optionalTime(PageModel m, Optional<Instant> at) {
        return at.map(t -> time(m, t)).orElse("<span class=\"empty\">never</span>");
    }

    private static String endpoint(Connection c) {
        String location = c.location() == null || c.location().isBlank() ? "" : ", " + c.location();
        return c.endpoint() + location;
    }

    private static String place(PublicIp ip) {
        return Stream.of(ip.country(), ip.region(), ip.city()).filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
    }
}
