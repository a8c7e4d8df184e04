package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import static dev.tunnelkeeper.control.ControlApiTest.DOWN;
import static dev.tunnelkeeper.control.ControlApiTest.UP;
import static dev.tunnelkeeper.control.ControlFixtures.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.control.ControlApiTest.Status;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.HealthStateAccess;
import dev.tunnelkeeper.time.SystemScheduler;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An auth file whose roles name the Kubernetes probes takes them over, through a real Helidon server: they then need
 * those roles' credentials, like any route (the status only, still).
 */
@ServerTest
class ProbesClosedByAuthFileTest {
    private static final String KUBELET_KEY = "kubelet-key-0123456789abcdef";
    private static final String MONITOR_PASSWORD = "monitor password";
    private static final HealthState HEALTH = new HealthState(Instant.now());
    private static final List<String> PROBLEMS = new ArrayList<>();
    private static ControlSettings settings;

    private final Http1Client client;

    ProbesClosedByAuthFileTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        Path file = authFile("""
                roles:
                  - name: kubelet
                    auth: apikey
                    apikey: %s
                    routes: [GET /observe/health/live, GET /observe/health/ready]
                  - name: monitor
                    auth: basic
                    username: monitor
                    password: %s
                    routes: [GET /observe/health/started]
                """.formatted(KUBELET_KEY, MONITOR_PASSWORD));
        RawSettings raw = RawSettings.read(Map.of("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:0",
                "HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", file.toString()), PROBLEMS);
        settings = ControlSettingsParser.parse(raw::get, PROBLEMS);
        FakeServers servers = new FakeServers(1);
        HealthStateAccess.set(HEALTH, CheckResult.success(Instant.now(), Duration.ofMillis(12), Duration.ofSeconds(3)));
        ControlPlane.create(settings, ControlFixtures.PUBLIC_IP_OFF, ControlFixtures.parts(new FakeVpn(servers), servers,
                HooksView.NONE, HEALTH, new SystemScheduler("probes-closed-test"))).configure(server);
    }

    private static Path authFile(String yaml) {
        try {
            Path file = Files.createTempFile("auth", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theFilesRolesAreTheOnlyOnes() {
        assertEquals(List.of(), PROBLEMS);
        assertEquals(List.of("kubelet", "monitor"), settings.roles().stream().map(Role::name).toList());
    }

    @Test
    void theProbesNeedTheCredentialsOfTheRoleThatNamesThem() {
        for (String path : List.of("/observe/health/live", "/observe/health/ready", "/observe/health/started")) {
            assertEquals(401, probe(path, null, null).code(), path);
        }
        assertEquals(new Status(200, UP), probe("/observe/health/live", KUBELET_KEY, null));
        assertEquals(new Status(200, UP), probe("/observe/health/ready", KUBELET_KEY, null));
        assertEquals(401, probe("/observe/health/ready", KUBELET_KEY + "x", null).code());
        assertEquals(403, probe("/observe/health/started", KUBELET_KEY, null).code(), "the kubelet's role does not name it");
        assertEquals(new Status(503, DOWN), probe("/observe/health/started", null, basic("monitor", MONITOR_PASSWORD)));
        assertEquals(403, probe("/observe/health/live", null, basic("monitor", MONITOR_PASSWORD)).code());
    }

    private Status probe(String path, String apiKey, String authorization) {
        return ControlApiTest.status(ControlApiTest.request(client, Method.GET, path, apiKey, authorization, null));
    }
}
