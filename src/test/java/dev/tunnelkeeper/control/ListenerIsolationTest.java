package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.health.HealthServer;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.SystemScheduler;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The product's layout: gluetun's health server, and the control plane on a server of its own (as Application starts
 * them). The probes stay on the control server (the health server answers every path itself), where the access filter
 * guards them like any route: no role of the file names them, so the built-in one opens the three Kubernetes probes
 * and nothing else.
 */
@ServerTest
class ListenerIsolationTest {
    private static final HealthState HEALTH = new HealthState(Instant.now());
    private static WebServer controlServer;
    private final Http1Client health;
    private final Http1Client control;

    ListenerIsolationTest(Http1Client health) {
        this.health = health;
        this.control = Http1Client.builder().baseUri("http://127.0.0.1:" + controlServer.port()).build();
    }

    @SetUpRoute
    static void healthRouting(HttpRouting.Builder routing) {
        HealthServer.routing(routing, HEALTH);
    }

    @BeforeAll
    static void startControlServer() {
        FakeServers servers = new FakeServers(1);
        // only the reader role: no role names the probes
        ControlPlane plane = ControlPlane.create(ControlFixtures.settings(List.of(ControlFixtures.ROLES.get(0))),
                ControlFixtures.PUBLIC_IP_OFF, ControlFixtures.parts(new FakeVpn(servers), servers, HooksView.NONE, HEALTH,
                        new SystemScheduler("listener-isolation-test")));
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false); // the control settings: 127.0.0.1:0
        plane.configure(builder);
        controlServer = builder.build().start();
    }

    @AfterAll
    static void stopControlServer() {
        controlServer.stop();
    }

    @Test
    void theHealthListenerKeepsAnsweringEveryPathItself() {
        for (String path : List.of("/", "/observe/health", "/observe/health/live", "/observe/metrics")) {
            try (Http1ClientResponse res = health.get(path).request()) {
                assertEquals(500, res.status().code(), path);
                assertEquals(HealthState.NOT_RUN_YET, res.as(String.class), path);
            }
        }
    }

    @Test
    void theKubernetesProbesThatNoRoleNamesAreOpenTheDetailsAreNot() {
        // the loop ran lately; no check has run and no tunnel came up yet
        assertEquals(new ControlApiTest.Status(200, ControlApiTest.UP), probe("/observe/health/live"));
        assertEquals(new ControlApiTest.Status(503, ControlApiTest.DOWN), probe("/observe/health/ready"));
        assertEquals(new ControlApiTest.Status(503, ControlApiTest.DOWN), probe("/observe/health/started"));
        assertEquals(401, probe("/observe/health").code());
    }

    private ControlApiTest.Status probe(String path) {
        return ControlApiTest.status(ControlApiTest.request(control, Method.GET, path, null, null, null));
    }
}
