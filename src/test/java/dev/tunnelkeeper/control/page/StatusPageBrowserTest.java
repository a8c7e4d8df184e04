package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import dev.tunnelkeeper.vpn.VpnRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.ControlPlane;
import dev.tunnelkeeper.control.ServerChoice;
import dev.tunnelkeeper.control.VpnControl;
import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.control.probes.LivenessCheck;
import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: headless Chromium loads it from a real control listener on 127.0.0.1, with
 * basic auth, with and without scripts, in a time zone other than the server's.
 */
@Tag("browser")
class StatusPageBrowserTest {
    private static final String USER = "viewer";
    private static final String PASSWORD = "viewer-password-5Jq2";
    private static final String TIMEOUT = "dial tcp 172.16.99.1:443: i/o timeout";
    private static final String LIVE_REASON = "switching to s2 while the page was open";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    @TempDir
    Path profiles;

    private SystemScheduler scheduler;
    private ControlPlane plane;
    private WebServer server;
    private Chromium chromium;
    private final AtomicInteger renders = new AtomicInteger();
    private final AtomicBoolean addLater = new AtomicBoolean();
    private Instant failedAt;

    @BeforeEach
    void pageWithAnOutageAndItsHealing() throws Exception {
        chromium = Chromium.find(profiles);
        scheduler = new SystemScheduler("browser-test");
        plane = plane(scheduler);
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false); // the control settings: 127.0.0.1:0
        plane.configure(builder);
        server = builder.build().start();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        plane.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "tunnel up", now.minusSeconds(600), Optional.of(connection())));
        plane.onCheck(CheckResult.success(now.minusSeconds(300), Duration.ofMillis(8), Duration.ofSeconds(3)));
        failedAt = now.minusSeconds(200);
        plane.onCheck(CheckResult.failure(failedAt, Duration.ofSeconds(3), Duration.ofSeconds(3), TIMEOUT, ErrorKind.TIMEOUT));
        plane.onCheck(CheckResult.failure(now.minusSeconds(195), Duration.ofSeconds(5), Duration.ofSeconds(5), TIMEOUT, ErrorKind.TIMEOUT));
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, now.minusSeconds(191), Optional.of(connection()),
                VpnRequest.restart(Cause.HEALER, "unhealthy for 6s")));
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.CRASHED, "openvpn exited with status 1", now.minusSeconds(190), Optional.of(connection())));
        plane.onCheck(CheckResult.success(now.minusSeconds(120), Duration.ofMillis(9), Duration.ofSeconds(3)));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
            plane.close();
            scheduler.close();
        }
    }

    /**
     * What a browser without scripts gets: the HTML as served. It is read over HTTP here: headless Chromium's
     * --dump-dom and --screenshot give nothing with scripts off (--blink-settings=scriptEnabled=false).
     */
    @Test
    void withoutScriptsThePageShowsTheOutageItsCausesAndTheRecovery() throws Exception {
        String dom;
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            java.net.http.HttpResponse<String> res = http.send(java.net.http.HttpRequest.newBuilder(page(false))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes()))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, res.statusCode());
            dom = res.body();
        }
        assertTrue(dom.contains("reloads every 10 s"), dom);
        assertTrue(dom.contains("<td class=\"what\">unhealthy</td><td class=\"cause\">timeout</td><td class=\"detail\">" + TIMEOUT), dom);
        assertTrue(dom.contains("<td class=\"what\">restart</td><td class=\"cause\">heal window</td><td class=\"detail\">unhealthy for 6s"), dom);
        assertTrue(dom.contains("<td class=\"what\">restart</td><td class=\"cause\">tunnel lost</td><td class=\"detail\">openvpn exited with status 1"), dom);
        assertTrue(dom.contains("after 2 failed checks in 1 min 20 s"), dom);
        String serverTime = CLOCK.format(failedAt.atZone(ZoneId.systemDefault()));
        assertTrue(dom.contains("<time datetime=\"" + failedAt + "\">" + serverTime + " (3 min ago)</time>"),
                "the server's local time and how long ago: " + dom);
        assertEquals(1, StatusPageTest.count(dom, "data-kind=\"restart\" data-cause=\"healer\""), dom);
        assertEquals(1, StatusPageTest.count(dom, "data-kind=\"restart\" data-cause=\"crash\""), dom);
        assertTrue(dom.contains("<svg id=\"timeline\""), "the browser kept the inline SVG: " + dom);
        assertFalse(dom.contains(PASSWORD), "no secret on the page");
    }

    @Test
    void withScriptsTimesAreTheBrowsersOwnAndNewEventsArriveWithoutAReload() throws Exception {
        addLater.set(true);
        // Tokyo: UTC+9 all year, never the machine's zone here; virtual time lets the 5 s polls run at once.
        String dom = chromium.withEnv("TZ", "Asia/Tokyo").dumpDom(page(true), "--virtual-time-budget=16000");
        String tokyo = CLOCK.format(failedAt.atZone(ZoneId.of("Asia/Tokyo")));
        assertTrue(dom.contains("<time datetime=\"" + failedAt + "\" title=\""), dom);
        assertTrue(dom.matches("(?s).*<time datetime=\"" + failedAt + "\" title=\"[^\"]*\">" + tokyo + " \\(3 min ago\\)</time>.*"),
                "the browser's local time (Tokyo " + tokyo + "): " + dom);
        assertTrue(dom.contains("<span id=\"zone\">times in Asia/Tokyo, this browser's zone</span>"), dom);
        java.util.regex.Matcher tick = java.util.regex.Pattern.compile("data-at=\"([^\"]+)\" data-seconds=\"false\">([^<]+)</text>").matcher(dom);
        assertTrue(tick.find(), "the axis has clock ticks: " + dom);
        assertEquals(DateTimeFormatter.ofPattern("HH:mm").format(Instant.parse(tick.group(1)).atZone(ZoneId.of("Asia/Tokyo"))),
                tick.group(2), "the axis in the browser's time too");
        assertTrue(renders.get() >= 2, "the page asked again: " + renders.get() + " " + dom.substring(dom.indexOf("id=\"live-status\""), dom.indexOf("id=\"live-status\"") + 200));
        assertTrue(dom.contains("<td class=\"what\">restart</td><td class=\"cause\">user</td><td class=\"detail\">" + LIVE_REASON),
                "the restart recorded after the first answer arrived by itself: " + dom);
        assertTrue(dom.matches("(?s).*<span id=\"live-status\">live: updated \\d\\d:\\d\\d:\\d\\d</span>.*"), dom);
        chromium.screenshot(page(true), Path.of("target/status-page/browser-test.png"), 1280, 1600, "--virtual-time-budget=6000");
    }

    private URI page(boolean credentials) {
        return URI.create("http://" + (credentials ? USER + ":" + PASSWORD + "@" : "") + "127.0.0.1:"
                + server.port() + "/?range=10m");
    }

    /** The status page's role only, with basic auth; the hooks view counts the renders and adds a restart from the second on. */
    private ControlPlane plane(SystemScheduler scheduler) {
        Role page = new Role("page", AuthMethod.BASIC, USER, new Secret(PASSWORD), Secret.NONE, List.of(ControlRoutes.STATUS_PAGE));
        ControlSettings settings = new ControlSettings(new HostPort("127.0.0.1", 0), Optional.empty(), List.of(page));
        PublicIpSettings off = new PublicIpSettings(false, URI.create("http://127.0.0.1:9/"), Path.of("/nonexistent"), Secret.NONE);
        VpnStatus running = new VpnStatus(VpnState.RUNNING, "tunnel up", Instant.now(), Optional.of(connection()));
        VpnControl vpn = new VpnControl() {
            @Override
            public VpnStatus status() {
                return running;
            }

            @Override
            public VpnStatus send(VpnRequest request, Duration timeout) {
                return running;
            }
        };
        ServerChoice servers = new ServerChoice() {
            @Override
            public List<dev.tunnelkeeper.servers.Candidate> snapshot() {
                return List.of();
            }
        };
        HooksView hooks = new HooksView() {
            @Override
            public List<HookInfo> list() {
                // Read before the history on each render: what is added here shows from the second render on.
                if (renders.incrementAndGet() == 2 && addLater.get()) {
                    plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, Instant.now(),
                            Optional.of(connection()), VpnRequest.restart(Cause.USER, LIVE_REASON)));
                }
                return List.of(new HookInfo("scripts/heal.mjs", List.of("onHealthCheckFailed"), false, 1,
                        Optional.of("scripts/heal.mjs:4: TypeError: x is undefined")));
            }

            @Override
            public ReloadOutcome reload() {
                return new ReloadOutcome(List.of(), List.of());
            }
        };
        LivenessCheck.Inputs liveness = new LivenessCheck.Inputs(scheduler::elapsed, Duration.ofSeconds(30), () -> true);
        return ControlPlane.create(settings, off, new ControlPlane.Parts(vpn, servers, hooks,
                new HealthState(Instant.now()), liveness, scheduler));
    }

    private static Connection connection() {
        return new Connection("s1", new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/s1/");
    }
}
