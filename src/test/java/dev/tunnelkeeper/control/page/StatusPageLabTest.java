package dev.tunnelkeeper.control.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.app.ProductRun;
import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The status page of the real product after a real outage: tunnelkeeper runs in the lab's client namespace with real
 * OpenVPN and two servers; the server in use is blackholed (silence: the health checks time out), the healer restarts
 * the VPN when its 6 s window elapses, and the tunnel comes up on the other server; once the first server is back, a
 * user switches to it through the control API. Then headless Chromium, started in
 * the client namespace with the page's basic-auth credentials and the time zone of Berlin, reads the page: the
 * outage, its cause and the recovery must be there with their times, and a screenshot is kept in
 * {@code target/status-page/outage-and-heal.png}.
 */
@Tag("lab")
class StatusPageLabTest {
    private static final Duration UP = Duration.ofSeconds(30);
    private static final String USER = "viewer";
    private static final String PASSWORD = "lab-viewer-password-8Hk3";
    private static final String KEY = "lab-status-page-key-0123456789";
    private static final String TIMEOUT = "dial tcp 172.16.99.1:443: i/o timeout";
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    /** One row of the events table as the browser serialises it (the script gave each time a title). */
    private static final Pattern ROW = Pattern.compile("<tr class=\"(\\w+)\" data-kind=\"(\\w+)\"><td><time datetime=\"([^\"]+)\""
            + " title=\"[^\"]*\">([^<]+)</time></td><td class=\"what\">([^<]*)</td><td class=\"cause\">([^<]*)</td>"
            + "<td class=\"detail\">([^<]*)</td></tr>");

    private record Row(String kind, Instant at, String shown, String what, String cause, String detail) {
    }

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void afterAnOutageAndItsHealingThePageShowsWhatHappenedWhenAndWhy() throws Exception {
        Chromium browser = Chromium.find(Files.createDirectories(Path.of("target/chromium-profiles")));
        try (Lab lab = Lab.start(2); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            String first = tk.connects().getLast();
            String other = first.equals("s1") ? "s2" : "s1";
            lab.blackhole(Integer.parseInt(first.substring(1)), true);
            tk.await("INFO [healthcheck] program has been unhealthy for 6s: restarting VPN", 1, UP);
            tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
            assertEquals(other, tk.connects().getLast(), "healed on the other server; log:\n" + tk.log());
            lab.blackhole(Integer.parseInt(first.substring(1)), false);
            NamespaceHttp.Answer switched = NamespaceHttp.call(lab, lab.clientNamespace(), "PUT", "http://127.0.0.1:8000/v1/servers/current",
                    "{\"name\":\"" + first + "\"}", Map.of("X-API-Key", KEY));
            assertEquals(200, switched.status(), switched.body());
            assertTrue(switched.body().contains("\"outcome\":\"running\""), switched.body());
            // Healthy again (a check may or may not have failed during the switch)
            assertTrue(Poll.until(UP, () -> healthy(tk)), "healthy after the switch; log:\n" + tk.log());

            assertEquals(401, NamespaceHttp.call(lab, lab.clientNamespace(), "GET", "http://127.0.0.1:8000/", null, Map.of()).status(),
                    "the page is behind the control API's auth");
            URI page = URI.create("http://" + USER + ":" + PASSWORD + "@127.0.0.1:8000/?range=10m");
            Chromium inLab = browser.inNamespace(lab.clientNamespace()).withEnv("TZ", "Europe/Berlin");
            // 6 s of the page's virtual time: one 5 s poll has replaced what the first answer showed
            String dom = inLab.dumpDom(page, "--virtual-time-budget=6000");
            Path png = Path.of("target/status-page/outage-and-heal.png");
            inLab.screenshot(page, png, 1280, 1700, "--virtual-time-budget=6000");

            List<Row> rows = rows(dom).reversed(); // oldest first
            Row restart = find(rows, r -> r.kind().equals("restart") && r.cause().equals("heal window"), Instant.MIN, dom);
            assertTrue(restart.detail().startsWith("unhealthy for 6s: " + TIMEOUT), restart.detail());
            Row unhealthy = rows.stream().filter(r -> r.what().equals("unhealthy") && !r.at().isAfter(restart.at()))
                    .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no outage before the restart: " + rows));
            assertEquals("timeout", unhealthy.cause(), dom);
            assertEquals(TIMEOUT, unhealthy.detail(), dom);
            Row running = find(rows, r -> r.what().equals("VPN running (" + other + ")"), restart.at(), dom);
            Row healthy = find(rows, r -> r.what().equals("healthy"), restart.at(), dom);
            assertTrue(healthy.detail().matches("after \\d+ failed checks in \\d+ s"), healthy.detail());
            Row userSwitch = find(rows, r -> r.kind().equals("restart") && r.cause().equals("user"), healthy.at(), dom);
            assertEquals("switching to " + first + " (asked through the control server)", userSwitch.detail());
            Row back = find(rows, r -> r.what().equals("VPN running (" + first + ")"), userSwitch.at(), dom);
            assertTrue(!unhealthy.at().isAfter(restart.at()) && restart.at().isBefore(running.at())
                    && !running.at().isAfter(healthy.at()), "outage, restart, tunnel up, healthy, in that order: " + rows);
            assertTrue(Duration.between(unhealthy.at(), restart.at()).compareTo(Duration.ofSeconds(15)) < 0,
                    "the restart came within the window of the first failure: " + rows);
            assertTrue(dom.contains("data-kind=\"restart\" data-cause=\"user\""), "the user's switch on the timeline: " + dom);
            for (Row r : List.of(unhealthy, restart, running, healthy, userSwitch, back)) {
                String local = CLOCK.format(r.at().atZone(BERLIN));
                // (with the date before it when Berlin's midnight fell between the event and the page)
                assertTrue(r.shown().matches("([A-Z][a-z]{2} \\d{1,2} )?" + Pattern.quote(local) + " \\((just now|\\d+ s ago|\\d+ min ago)\\)"),
                        "the browser's local time (Berlin) and how long ago, not " + r.shown() + " for " + r.at());
            }

            assertTrue(dom.contains("data-kind=\"restart\" data-cause=\"healer\""), "the restart on the timeline: " + dom);
            assertTrue(dom.contains("data-kind=\"health\" data-healthy=\"false\""), "the outage on the timeline: " + dom);
            assertTrue(dom.contains("<div class=\"value ok\" id=\"health\">healthy</div>"), dom);
            assertTrue(dom.contains("<div class=\"value ok\" id=\"vpn\">running</div>"), dom);
            assertTrue(dom.contains("<div class=\"value info\" id=\"server\">" + first + "</div>"), dom);
            assertTrue(Pattern.compile("data-server=\"" + first + "\" data-cooling=\"true\">.*?in use</span>").matcher(dom).find(),
                    "the server that failed is in use again as the user asked, and still within its cool-down: " + dom);
            assertTrue(dom.contains("data-server=\"" + other + "\" data-cooling=\"true\""), "the server left by the switch: " + dom);
            assertTrue(dom.matches("(?s).*<span id=\"live-status\">live: updated \\d\\d:\\d\\d:\\d\\d</span>.*"),
                    "the page polled the product through the same basic auth: " + dom);
            assertTrue(dom.contains("times in Europe/Berlin, this browser's zone"), dom);
            assertFalse(dom.contains(PASSWORD) || dom.contains(KEY), "no secret on the page");
            assertTrue(Files.size(png) > 20_000, "the screenshot " + png.toAbsolutePath());
        }
    }

    private static boolean healthy(ProductRun tk) {
        try {
            return tk.healthcheck() == 0;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Map<String, String> env(Lab lab) throws Exception {
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
        env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
        // The page for a viewer with basic auth, as a browser logs in; every other route on the key.
        env.put("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", Files.writeString(lab.directory().resolve("auth.yaml"), """
                roles:
                  - name: viewer
                    auth: basic
                    username: %s
                    password: %s
                    routes: [GET /]
                """.formatted(USER, PASSWORD)).toString());
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        return env;
    }

    private static List<Row> rows(String dom) {
        Matcher m = ROW.matcher(dom);
        return m.results().map(r -> new Row(r.group(2), Instant.parse(r.group(3)), r.group(4), r.group(5), r.group(6),
                r.group(7).replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&"))).toList();
    }

    /** The first row (oldest first) at or after {@code after} that matches. */
    private static Row find(List<Row> rows, java.util.function.Predicate<Row> match, Instant after, String dom) {
        Optional<Row> row = rows.stream().filter(r -> !r.at().isBefore(after) && match.test(r)).findFirst();
        return row.orElseThrow(() -> new AssertionError("no such event at or after " + after + " among " + rows + " in " + dom));
    }
}
