package dev.tunnelkeeper.control.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.control.HooksView.HookInfo;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.control.history.RestartCause;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The page as text: what it shows, where the marks fall, and that nothing from outside can inject markup. */
class StatusPageTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final HealthHistory history = new HealthHistory(time::now, 100);
    private final Instant t0 = time.now();

    @Test
    void theTimelineHasOneMarkPerCheckAndRestartOfTheLastHour() {
        history.check(CheckResult.success(t0, Duration.ofMillis(4), Duration.ofSeconds(3))); // more than an hour before
        time.advance(Duration.ofMinutes(30));
        history.vpnEvent(new VpnEvent(VpnState.STARTING, VpnState.RUNNING, "up", time.now(), Optional.of(connection())));
        history.check(CheckResult.success(time.now(), Duration.ofMillis(4), Duration.ofSeconds(3)));
        time.advance(Duration.ofMinutes(20));
        history.check(CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), "i/o timeout", ErrorKind.TIMEOUT));
        history.restarted(RestartCause.HEALER, "unhealthy for 6s");
        time.advance(Duration.ofMinutes(40));
        String html = render(Optional.empty(), List.of());
        assertEquals(2, count(html, "data-kind=\"check\""), "the checks of the last hour only (the first was 90 min ago)");
        assertEquals(1, count(html, "data-kind=\"check\" data-healthy=\"false\""));
        assertEquals(1, count(html, "data-kind=\"restart\" data-cause=\"healer\""));
        assertEquals(1, count(html, "data-kind=\"vpn-state\" data-state=\"running\""), "the state the hour began in");
        assertTrue(html.contains("x1=\"320.0\""), "the restart 20 minutes into the hour sits at a third of 960: " + html);
    }

    @Test
    void theSummaryShowsStateServerHealthIpAndHooks() {
        String html = render(Optional.of(PublicIp.of("10.8.1.2", "Labland", "s1", "Lab City")),
                List.of(new HookInfo("scripts/heal.mjs", List.of("onHealthCheckFailed"), true, 3, Optional.of("line 3: <boom>"))));
        assertTrue(html.contains("<td id=\"vpn-state\">running since"), html);
        assertTrue(html.contains("s1 (10.201.0.2:1194/udp, Labland/s1/)"), html);
        assertTrue(html.contains("<td id=\"public-ip\">10.8.1.2 (Labland, s1, Lab City)</td>"), html);
        assertTrue(html.contains("line 3: &lt;boom&gt;"), "hook errors are escaped");
        assertFalse(html.contains("<boom>"));
        assertFalse(Pattern.compile("<script|src=|href=\"http").matcher(html).find(), "no scripts, no external assets");
    }

    private String render(Optional<PublicIp> ip, List<HookInfo> hooks) {
        VpnStatus vpn = new VpnStatus(VpnState.RUNNING, "tunnel up", t0, Optional.of(connection()));
        HealthState health = new HealthState(t0);
        return StatusPage.render(new PageModel(time.now(), vpn, health.status(), ip, hooks,
                history.since(time.now().minus(Duration.ofHours(1)))));
    }

    private static Connection connection() {
        return new Connection("s1", new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/s1/");
    }

    static long count(String text, String needle) {
        return Pattern.compile(Pattern.quote(needle)).matcher(text).results().count();
    }
}
