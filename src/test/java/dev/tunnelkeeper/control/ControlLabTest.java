package dev.tunnelkeeper.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.SettingsCatalog;
import dev.tunnelkeeper.app.ProductRun;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The control plane in the real product: tunnelkeeper runs in the lab's client namespace and the test talks to its
 * control listener from inside that namespace.
 *
 * <p>NEEDS THE WIRING (settings rows, Application, the healer's user-stop check): until
 * HTTP_CONTROL_SERVER_ADDRESS is in SettingsCatalog these tests are skipped, saying so. The small runner below
 * stands in for app.ProductRun, which is package-private; once ProductRun is public it can replace it.
 */
@Tag("lab")
class ControlLabTest {
    private static final String KEY = "lab-control-key-0123456789";
    private static final String CONTROL = "http://127.0.0.1:8000";
    private static final Duration UP = Duration.ofSeconds(30);
    private static final String RESTART_LINE = "program has been unhealthy for 6s: restarting VPN";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void aUsersStopIsRespectedByAutoHealAndTheHealthServerTellsTheTruth() throws Exception {
        try (Lab lab = Lab.start(1); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            assertEquals("{\"outcome\":\"stopped\"}", call(lab, "PUT", "/v1/vpn/status", "{\"status\":\"stopped\"}").body());
            assertEquals("{\"status\":\"stopped\"}", call(lab, "GET", "/v1/vpn/status", null).body());
            tk.await("unhealthy", 1, UP);
            Thread.sleep(Duration.ofSeconds(6 + 11 + 2)); // two healer windows
            assertEquals(0, tk.count(RESTART_LINE), "auto-heal left the user's stop alone; log:\n" + tk.log());
            assertEquals(1, tk.healthcheck(), "the health server still tells the truth: unhealthy");
            assertEquals(503, call(lab, "GET", "/observe/health/ready", null).status());
            assertEquals(200, call(lab, "GET", "/observe/health/live", null).status(), "the loops are alive");
            assertEquals("stopped", stateOf(call(lab, "GET", "/v1/servers/current", null).body()));

            assertEquals("{\"outcome\":\"running\"}", call(lab, "PUT", "/v1/vpn/status", "{\"status\":\"running\"}").body());
            tk.await("INFO [healthcheck] healthy!", 2, UP);
            assertEquals(0, tk.healthcheck());
            assertEquals(200, call(lab, "GET", "/observe/health/ready", null).status());
        }
    }

    @Test
    void metricsCountTheHealersRestartAfterAServerDeath() throws Exception {
        try (Lab lab = Lab.start(1); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            lab.stopOpenVpnServer(1);
            tk.await(RESTART_LINE, 1, UP);
            lab.startOpenVpnServer(1);
            tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
            String metrics = call(lab, "GET", "/observe/metrics", null).body();
            assertTrue(sample(metrics, "tunnelkeeper_vpn_restarts_total{cause=\"healer\"}") >= 1, metrics);
            // The first failed check times out in the dead tunnel, or is refused once the product has ended it.
            assertTrue(Math.max(0, sample(metrics, "tunnelkeeper_health_checks_total{result=\"timeout\"}"))
                    + Math.max(0, sample(metrics, "tunnelkeeper_health_checks_total{result=\"refused\"}")) >= 1, metrics);
            assertTrue(sample(metrics, "tunnelkeeper_health_checks_total{result=\"ok\"}") >= 2, metrics);
            String server = nameOf(call(lab, "GET", "/v1/servers/current", null).body());
            assertEquals(1.0, sample(metrics, "tunnelkeeper_vpn_server{server=\"" + server + "\"}"), metrics);
            assertTrue(sample(metrics, "tunnelkeeper_vpn_state_seconds_total{state=\"running\"}") > 0, metrics);
            String history = call(lab, "GET", "/v1/health/history", null).body();
            assertTrue(history.contains("\"cause\":\"healer\""), history);
        }
    }

    @Test
    void thePublicIpOfEachTunnelIsLoggedWrittenServedAndClearedWhenItGoesDown() throws Exception {
        try (Lab lab = Lab.start(1)) {
            Map<String, String> env = env(lab);
            env.put("PUBLICIP_ENABLED", "on");
            env.put("PUBLICIP_API_URL", lab.startIpEcho());
            Path file = lab.directory().resolve("publicip/ip");
            env.put("PUBLICIP_FILE", file.toString());
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [ip getter] Public IP address is 10.8.1.", 1, UP);
                assertEquals(1, tk.count("(Labland, s1, Lab City)"), tk.log());
                assertTrue(Files.readString(file).startsWith("10.8.1."), Files.readString(file));
                String answer = call(lab, "GET", "/v1/publicip/ip", null).body();
                assertTrue(answer.contains("\"region\":\"s1\""), answer);
                assertEquals(200, call(lab, "GET", "/observe/health/started", null).status());

                call(lab, "PUT", "/v1/vpn/status", "{\"status\":\"stopped\"}");
                assertTrue(Poll.until(Duration.ofSeconds(10), () -> !Files.exists(file)), "the file goes with the tunnel");
                assertEquals("{\"public_ip\":\"\"}", call(lab, "GET", "/v1/publicip/ip", null).body());
            }
        }
    }

    @Test
    void withoutTheKeyNothingButTheProbesAnswers() throws Exception {
        try (Lab lab = Lab.start(1); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("control server listening", 1, UP);
            assertEquals(401, callWithout(lab, "GET", "/v1/vpn/status").status());
            assertEquals(401, callWithout(lab, "GET", "/").status());
            assertFalse(tk.log().contains(KEY), "the key is never logged");
        }
    }

    private static Map<String, String> env(Lab lab) throws IOException {
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
        env.put("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", writeAuthFile(lab).toString());
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        env.put("PUBLICIP_ENABLED", "off"); // the test that wants it sets the lab's echo
        return env;
    }

    // The probes open to anyone, as the Kubernetes manifest does; every other route takes the key.
    private static Path writeAuthFile(Lab lab) throws IOException {
        return Files.writeString(lab.directory().resolve("auth.yaml"), """
                roles:
                  - name: probes
                    auth: none
                    routes: [GET /observe/health/live, GET /observe/health/ready, GET /observe/health/started]
                """);
    }

    private static String stateOf(String json) {
        return field(json, "state");
    }

    private static String nameOf(String json) {
        return field(json, "name");
    }

    private static String field(String json, String name) {
        try (jakarta.json.JsonReader reader = jakarta.json.Json.createReader(new java.io.StringReader(json))) {
            return reader.readObject().getString(name);
        }
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip())).orElse(-1.0);
    }

    /** A request to the control listener inside the client namespace, with the API key. */
    private static NamespaceHttp.Answer call(Lab lab, String method, String path, String body) {
        return NamespaceHttp.call(lab, lab.clientNamespace(), method, CONTROL + path, body, Map.of("X-API-Key", KEY));
    }

    private static NamespaceHttp.Answer callWithout(Lab lab, String method, String path) {
        return NamespaceHttp.call(lab, lab.clientNamespace(), method, CONTROL + path, null, Map.of());
    }
}
