package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.control.api.HooksView.HookInfo;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as text, in virtual time: what it shows, where the marks fall, and that nothing from outside can inject markup. */
class StatusPageTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String TIMEOUT = "dial tcp 172.16.99.1:443: i/o timeout";
    private final VirtualScheduler time = new VirtualScheduler(Instant.parse("2026-03-01T09:00:00Z"));
    private final HealthHistory history = new HealthHistory(100);
    private final Instant t0 = time.now();

    @Test
    void theTimelineMarksTheRangeAskedForWithRestartsByCause() {
        history.check(CheckResult.success(t0.minus(Duration.ofHours(30)), Duration.ofMillis(4), Duration.ofSeconds(3)));
        history.check(CheckResult.success(t0, Duration.ofMillis(4), Duration.ofSeconds(3))); // 90 min before the end
        time.advance(Duration.ofMinutes(30));
        history.vpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", time.now(), Optional.of(connection())));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofMinutes(20));
        history.check(CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), TIMEOUT, ErrorKind.TIMEOUT));
        history.restarted(time.now(), Cause.HEALER, "unhealthy for 6s", Optional.empty());
        time.advance(Duration.ofMinutes(1));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofMinutes(39));

        String hour = render(PageRange.HOUR, List.of(), List.of());
        assertEquals(1, count(hour, "data-kind=\"check\" data-healthy=\"false\""), "the failed check is a tick");
        assertEquals(1, count(hour, "data-kind=\"restart\" data-cause=\"healer\""));
        assertEquals(1, count(hour, "data-kind=\"vpn-state\" data-state=\"running\""), "the state the hour began in");
        // 20 min into the hour: a third of the way from 64 to 960
        assertTrue(hour.contains("<line x1=\"362.7\" x2=\"362.7\""), "the restart at a third of the hour: " + hour);
        Matcher red = Pattern.compile("data-kind=\"health\" data-healthy=\"false\" data-checks=\"1\" data-at=\"[^\"]+\" x=\"362.7\" y=\"36\" width=\"([0-9.]+)\"")
                .matcher(hour);
        assertTrue(red.find(), hour);
        assertEquals(14.9, Double.parseDouble(red.group(1)), 0.01, "the minute of trouble spans a minute of the hour");

        String day = render(PageRange.DAY, List.of(), List.of());
        assertTrue(day.contains("data-range=\"24h\""), day);
        Matcher thin = Pattern.compile("data-healthy=\"false\" data-checks=\"1\" data-at=\"[^\"]+\" x=\"[0-9.]+\" y=\"36\" width=\"([0-9.]+)\"").matcher(day);
        assertTrue(thin.find(), day);
        assertEquals(TimelineSvg.MIN_WIDTH, Double.parseDouble(thin.group(1)), "a minute in a day is still wide enough to see");

        String tenMinutes = render(PageRange.TEN_MINUTES, List.of(), List.of());
        assertEquals(0, count(tenMinutes, "data-kind=\"restart\" data-cause"), "the restart was 39 min ago");
        assertTrue(tenMinutes.contains(">11:22</text>") && tenMinutes.contains(">11:28</text>"), "the axis in local clock time (Paris, 2-minute steps): " + tenMinutes);
    }

    @Test
    void aYoungHistoryFillsTheTimelineInsteadOfEndingAnEmptyStrip() {
        time.advance(Duration.ofMinutes(30));
        history.vpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", time.now(), Optional.of(connection())));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofSeconds(40));
        history.check(CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), TIMEOUT, ErrorKind.TIMEOUT));
        time.advance(Duration.ofSeconds(40));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofSeconds(20)); // 100 s recorded; drawn from 5 s before the first record

        String html = render(PageRange.TEN_MINUTES, List.of(), List.of());
        assertTrue(html.contains("data-range=\"10m\" data-from=\"2026-03-01T09:29:55Z\""), html);
        assertTrue(html.contains("(all that is recorded: from <time datetime=\"2026-03-01T09:29:55Z\">10:29:55 (1 min ago)</time>)"), html);
        assertTrue(html.contains("data-kind=\"health\" data-healthy=\"false\" data-checks=\"1\" data-at=\"2026-03-01T09:30:40Z\" x=\"448.0\""),
                "45 s into 105 s: " + html);
        assertTrue(html.contains(">40 s</text>"), "the outage labelled with its length: " + html);
        assertTrue(html.contains(">10:30:00</text>") && html.contains(">10:31:00</text>"), "ticks 15 s apart with seconds: " + html);

        history.check(CheckResult.success(t0.minusSeconds(3600), Duration.ofMillis(4), Duration.ofSeconds(3)));
        assertFalse(render(PageRange.TEN_MINUTES, List.of(), List.of()).contains("all that is recorded"), "a full range");
    }

    @Test
    void theLegendNamesEveryCauseAndEveryRestartCauseHasItsLetter() {
        String html = render(PageRange.HOUR, List.of(), List.of());
        for (String text : List.of("restart: heal window", "restart: tunnel lost", "restart: user", "restart: hook",
                "restart: kill-switch watch", "VPN running", "VPN crashed", "healthy", "unhealthy", "a failed check")) {
            assertTrue(html.contains(text), "legend has " + text + ": " + html);
        }
        for (Cause cause : Cause.RESTARTS) {
            assertTrue(html.contains("<span class=\"m " + cause.id() + "\">" + TimelineSvg.letter(cause) + "</span>"), cause.id());
        }
        assertEquals(Cause.RESTARTS.size(), Cause.RESTARTS.stream().map(TimelineSvg::letter).distinct().count(), "letters differ");
    }

    @Test
    void theEventsSayWhatHappenedWhenAndWhyNewestFirst() {
        history.check(CheckResult.success(t0, Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofSeconds(10));
        history.check(CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), TIMEOUT, ErrorKind.TIMEOUT));
        time.advance(Duration.ofSeconds(5));
        history.check(CheckResult.failure(time.now(), Duration.ofSeconds(5), Duration.ofSeconds(5), TIMEOUT, ErrorKind.TIMEOUT));
        time.advance(Duration.ofSeconds(1));
        history.restarted(time.now(), Cause.HOOK, "heal.mjs: three timeouts", Optional.of("heal.mjs"));
        history.vpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, "restart: heal.mjs: three timeouts", time.now(), Optional.of(connection())));
        time.advance(Duration.ofSeconds(30));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofMinutes(2));

        String html = render(PageRange.HOUR, List.of(), List.of());
        List<String> rows = Pattern.compile("<tr class=\"[a-z]+\" data-kind=\"[a-z]+\"><td>(.*?)</td></tr>").matcher(html).results()
                .map(r -> "|" + r.group(1).replaceAll("</td><td[^>]*>", "|").replaceAll("<[^>]+>", "") + "|").toList();
        assertEquals(List.of( // local time: Paris, UTC+1
                "|10:00:46 (2 min ago)|healthy||after 2 failed checks in 36 s|",
                "|10:00:16 (2 min ago)|VPN stopping (s1)||restart: heal.mjs: three timeouts|",
                "|10:00:16 (2 min ago)|restart|hook heal.mjs|heal.mjs: three timeouts|",
                "|10:00:10 (2 min ago)|unhealthy|timeout|" + TIMEOUT + "|",
                "|10:00:00 (2 min ago)|healthy||check took 4 ms|"), rows, html);
    }

    @Test
    void theSummaryShowsStateServerHealthIpAnEmptyPortPlaceServersAndHooks() {
        History s2 = new History(3, Optional.of(t0.minusSeconds(200)), Optional.of("10.202.0.2"), 1, 1,
                List.of(new History.Failure(t0.minusSeconds(100), time.elapsed().minusSeconds(100), History.Kind.LOST, "10.202.0.2", "openvpn exited")),
                Optional.of(t0.minusSeconds(300)), Optional.of(t0.minusSeconds(150)));
        String html = render(PageRange.HOUR, List.of(candidate(1, History.NONE), candidate(2, s2)),
                List.of(new HookInfo("scripts/heal.mjs", List.of("onHealthCheckFailed"), true, 3, Optional.of("line 3: <boom>"))));
        assertTrue(html.contains("<div class=\"value ok\" id=\"vpn\">running</div>"), html);
        assertTrue(html.contains("<div class=\"value info\" id=\"server\">s1</div><div class=\"note\">10.201.0.2:1194/udp, Labland/s1/"), html);
        assertTrue(html.contains("id=\"public-ip\">10.8.1.2</div><div class=\"note\">Labland, s1, Lab City"), html);
        assertTrue(html.contains("<div class=\"value info\" id=\"forwarded-port\"></div>"), "nothing until a port exists: " + html);
        assertTrue(html.contains("data-server=\"s1\" data-cooling=\"false\""), html);
        String s2Row = html.substring(html.indexOf("data-server=\"s2\""), html.indexOf("</tr>", html.indexOf("data-server=\"s2\"")));
        assertTrue(s2Row.contains("data-cooling=\"true\""), s2Row);
        assertTrue(s2Row.contains("<td>3</td>") && s2Row.contains("lost: openvpn exited"), s2Row);
        assertTrue(s2Row.contains("cooling down until <time datetime=\"2026-03-01T09:03:20Z\">10:03:20 (in 200 s)</time>"), s2Row);
        assertTrue(s2Row.contains("<time datetime=\"2026-03-01T08:57:30Z\">09:57:30 (2 min ago)</time>"), "last healthy: " + s2Row);
        assertTrue(html.contains("line 3: &lt;boom&gt;"), "hook errors are escaped");
        assertTrue(html.contains("<td class=\"bad\">disabled</td><td>3</td>"), html);
        assertFalse(html.contains("<boom>"));
        assertFalse(Pattern.compile("src=|href=\"(https?:)?//|@import|url\\(|<link").matcher(html).find(), "no external assets: " + html);
    }

    @Test
    void restartMarkersSecondsApartArePushedApartAndStayInsideTheDrawing() {
        assertEquals(List.of(100.0, 119.0, 138.0), box(TimelineSvg.markers(new double[] {100, 100, 100})));
        assertEquals(List.of(300.0, 932.0, 951.0), box(TimelineSvg.markers(new double[] {300, 960, 960})));
        assertEquals(List.of(64.0, 500.0), box(TimelineSvg.markers(new double[] {64, 500})), "apart already: untouched");
    }

    private static List<Double> box(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    @Test
    void timesAreLocalAndRelative() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        assertEquals("13:00:00", Times.local(now, now, PARIS));
        assertEquals("Feb 28 23:59:59", Times.local(Instant.parse("2026-02-28T22:59:59Z"), now, PARIS));
        assertEquals("just now", Times.ago(now.minusSeconds(4), now));
        assertEquals("42 s ago", Times.ago(now.minusSeconds(42), now));
        assertEquals("2 min ago", Times.ago(now.minusSeconds(150), now));
        assertEquals("3 h 5 min ago", Times.ago(now.minusSeconds(3 * 3600 + 5 * 60 + 9), now));
        assertEquals("2 d ago", Times.ago(now.minus(Duration.ofDays(2)), now));
        assertEquals("in 3 s", Times.ago(now.plusSeconds(3), now));
        assertEquals("<time datetime=\"2026-03-01T11:58:00Z\">12:58:00 (2 min ago)</time>",
                Times.element(now.minusSeconds(120), now, PARIS));
        assertEquals("3 min 20 s", Times.length(Duration.ofSeconds(200)));
    }

    @Test
    void theRangeComesFromTheQueryAndFallsBackToAnHour() {
        assertEquals(PageRange.TEN_MINUTES, PageRange.parse(Optional.of("10m")));
        assertEquals(PageRange.DAY, PageRange.parse(Optional.of("24h")));
        assertEquals(PageRange.HOUR, PageRange.parse(Optional.of("7d")));
        assertEquals(PageRange.HOUR, PageRange.parse(Optional.empty()));
    }

    private String render(PageRange range, List<Candidate> servers, List<HookInfo> hooks) {
        VpnStatus vpn = new VpnStatus(VpnState.RUNNING, "tunnel up", t0, Optional.of(connection()));
        return StatusPage.render(new PageModel(time.now(), time.elapsed(), PARIS, range, vpn, new HealthState(t0).status(),
                Optional.of(PublicIp.of("10.8.1.2", "Labland", "s1", "Lab City")), Optional.empty(), hooks, servers,
                Duration.ofMinutes(5), history.snapshot()));
    }

    private Candidate candidate(int i, History h) {
        return new Candidate(new Server(i - 1, VpnType.OPENVPN, "Labland", "s" + i, "Lab City", "", "s" + i,
                List.of("10.20" + i + ".0.2"), false, true, Optional.empty(), Optional.empty()), h);
    }

    private static Connection connection() {
        return new Connection("s1", new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/s1/");
    }

    static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
