package dev.tunnelkeeper.control.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.ControlPlane;
import dev.tunnelkeeper.control.ControlRoutes;
import dev.tunnelkeeper.control.HooksView;
import dev.tunnelkeeper.control.ServerChoice;
import dev.tunnelkeeper.control.VpnControl;
import dev.tunnelkeeper.control.history.RestartCause;
import dev.tunnelkeeper.control.probes.LivenessCheck;
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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status page in a real browser: headless Chromium (Debian's {@code chromium} package) loads it from the control
 * listener on 127.0.0.1 and the DOM it built must hold one timeline mark per recorded check and restart.
 * Skipped, saying why, only where Chromium is not installed or cannot start.
 */
@Tag("browser")
class StatusPageBrowserTest {
    private static final List<String> BROWSERS = List.of("chromium", "chromium-browser", "google-chrome");

    @TempDir
    Path profile;

    @Test
    void theTimelineShowsTheChecksAndRestartsThatHappened() throws Exception {
        Path browser = browser();
        try (SystemScheduler scheduler = new SystemScheduler("browser-test")) {
            ControlPlane plane = plane(scheduler);
            WebServerConfig.Builder builder = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false);
            plane.addTo(builder);
            WebServer server = builder.build().start();
            try {
                Instant now = Instant.now();
                for (int i = 0; i < 7; i++) { // 5 healthy, 2 failed, over the last 35 minutes
                    Instant at = now.minus(Duration.ofMinutes(35 - 5L * i));
                    plane.onCheck(i < 5 ? CheckResult.success(at, Duration.ofMillis(8), Duration.ofSeconds(3))
                            : CheckResult.failure(at, Duration.ofSeconds(3), Duration.ofSeconds(3), "dial tcp 172.16.99.1:443: i/o timeout", ErrorKind.TIMEOUT));
                }
                plane.restarted(RestartCause.HEALER, "unhealthy for 6s");
                plane.onVpnEvent(new VpnEvent(VpnState.RUNNING, VpnState.CRASHED, "openvpn exited", Instant.now(), Optional.of(connection())));

                String dom = dumpDom(browser, URI.create("http://127.0.0.1:" + server.port(ControlPlane.SOCKET) + "/"));
                assertEquals(7, StatusPageTest.count(dom, "data-kind=\"check\""), dom);
                assertEquals(2, StatusPageTest.count(dom, "data-healthy=\"false\""), dom);
                assertEquals(1, StatusPageTest.count(dom, "data-cause=\"healer\""), dom);
                assertEquals(1, StatusPageTest.count(dom, "data-cause=\"crash\""), dom);
                assertTrue(dom.contains("<svg id=\"timeline\""), "the browser kept the inline SVG: " + dom);
            } finally {
                server.stop();
                plane.close();
            }
        }
    }

    private String dumpDom(Path browser, URI url) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(browser, "--dump-dom", url.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish loading " + url + " within 60 s");
        }
        assertEquals(0, p.exitValue(), "chromium's exit code");
        return new String(out, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The browser, or the test is skipped saying why: not installed, or it cannot even start here. */
    private Path browser() throws IOException, InterruptedException {
        Optional<Path> found = BROWSERS.stream()
                .flatMap(name -> List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream().map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(),
                "browser test skipped: Chromium is not installed (apt-get install -y --no-install-recommends chromium)");
        Process p = new ProcessBuilder(command(found.get(), "--dump-dom", "about:blank"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        Assumptions.assumeTrue(finished && p.exitValue() == 0,
                () -> "browser test skipped: " + found.get() + " cannot run here: " + output.strip());
        return found.get();
    }

    private List<String> command(Path browser, String... args) {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static ControlPlane plane(SystemScheduler scheduler) {
        Role page = new Role("page", AuthMethod.NONE, "", Secret.NONE, Secret.NONE, List.of(ControlRoutes.STATUS_PAGE));
        ControlSettings settings = new ControlSettings(new HostPort("127.0.0.1", 0), Optional.empty(), List.of(page));
        PublicIpSettings off = new PublicIpSettings(false, URI.create("http://127.0.0.1:9/"), Path.of("/nonexistent"), Secret.NONE);
        VpnStatus running = new VpnStatus(VpnState.RUNNING, "tunnel up", Instant.now(), Optional.of(connection()));
        VpnControl vpn = new VpnControl() {
            @Override
            public VpnStatus status() {
                return running;
            }

            @Override
            public VpnStatus start(Duration timeout) {
                return running;
            }

            @Override
            public VpnStatus stop(String reason, Duration timeout) {
                return running;
            }

            @Override
            public VpnStatus restart(String reason, Duration timeout) {
                return running;
            }
        };
        ServerChoice servers = new ServerChoice() {
            @Override
            public List<dev.tunnelkeeper.servers.Candidate> snapshot() {
                return List.of();
            }

            @Override
            public void preferNext(String serverName) {
                throw new IllegalArgumentException("no servers");
            }
        };
        LivenessCheck.Inputs liveness = new LivenessCheck.Inputs(Instant::now, Duration.ofSeconds(30), () -> true);
        return ControlPlane.create(settings, off, new ControlPlane.Parts(vpn, servers, HooksView.NONE,
                new HealthState(Instant.now()), liveness, scheduler));
    }

    private static Connection connection() {
        return new Connection("s1", new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/s1/");
    }
}
