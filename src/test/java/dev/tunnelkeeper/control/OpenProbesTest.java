package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.vpn.VpnEvents;
import static dev.tunnelkeeper.control.ControlApiTest.DOWN;
import static dev.tunnelkeeper.control.ControlApiTest.UP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.control.ControlApiTest.Answer;
import dev.tunnelkeeper.control.ControlApiTest.Status;
import dev.tunnelkeeper.control.auth.ProbeRole;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.HealthStateAccess;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The control server as it starts with no auth config (no file at the default path, no default role), through a real
 * Helidon server: the kubelet, which sends no credentials, gets the three Kubernetes probes with the status only;
 * every other route, the probes' details included, still needs a role, which nobody has here: 401.
 */
@ServerTest
class OpenProbesTest {
    private static final FakeServers SERVERS = new FakeServers(1);
    private static final FakeVpn VPN = new FakeVpn(SERVERS);
    private static final HealthState HEALTH = new HealthState(Instant.now());
    private static final List<String> PROBLEMS = new ArrayList<>();
    private static ControlSettings settings;
    private static ControlPlane plane;

    private final Http1Client client;

    OpenProbesTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        // the shipped YAML file and the defaults, read as `run` reads them in the project directory
        RawSettings raw = RawSettings.read(Map.of("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:0"), PROBLEMS);
        settings = ControlSettingsParser.parse(raw::get, PROBLEMS);
        plane = ControlPlane.create(settings, ControlFixtures.PUBLIC_IP_OFF,
                ControlFixtures.parts(VPN, SERVERS, HooksView.NONE, HEALTH, new SystemScheduler("open-probes-test")));
        plane.configure(server);
    }

    @Test
    void thereIsNoAuthConfigButTheBuiltInRole() {
        assertEquals(List.of(), PROBLEMS);
        assertEquals(Optional.empty(), settings.authFile());
        assertEquals(List.of(ProbeRole.NAME), settings.roles().stream().map(Role::name).toList());
    }

    @Test
    void theThreeProbesAnswerWithoutCredentialsWithTheStatusOnly() {
        HealthStateAccess.set(HEALTH, CheckResult.failure(Instant.now(), Duration.ofSeconds(3), Duration.ofSeconds(3),
                "dial tcp 172.16.99.1:443: i/o timeout", ErrorKind.TIMEOUT));
        assertEquals(new Status(503, DOWN), probe("/observe/health/ready"));
        HealthStateAccess.set(HEALTH, CheckResult.success(Instant.now(), Duration.ofMillis(12), Duration.ofSeconds(3)));
        assertEquals(new Status(200, UP), probe("/observe/health/ready"));

        assertEquals(new Status(200, UP), probe("/observe/health/live"));

        assertEquals(new Status(503, DOWN), probe("/observe/health/started"));
        plane.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", Instant.now(), Optional.of(FakeVpn.connection("s1"))));
        Answer started = get("/observe/health/started");
        assertEquals(new Status(200, UP), ControlApiTest.status(started));
        assertTrue(started.contentType().startsWith("application/json"), started.contentType());
    }

    @Test
    void everythingElseStillNeedsARole() {
        for (String path : List.of("/observe/health", "/observe/metrics", "/", "/v1/vpn/status", "/v1/health/history")) {
            assertEquals(401, get(path).status(), path);
        }
        assertEquals(401, ControlApiTest.request(client, Method.POST, "/v1/hooks/reload", null, null, null).status());
        assertEquals(401, ControlApiTest.request(client, Method.PUT, "/v1/vpn/status", null, null,
                "{\"status\":\"stopped\"}").status());
        assertEquals(List.of(), VPN.calls, "nothing was asked of the VPN");
    }

    private Answer get(String path) {
        return ControlApiTest.request(client, Method.GET, path, null, null, null);
    }

    private Status probe(String path) {
        return ControlApiTest.status(get(path));
    }
}
