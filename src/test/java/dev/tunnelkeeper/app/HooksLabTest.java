package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The user's JavaScript hooks steering and failing, with the real product in the lab. */
@Tag("lab")
class HooksLabTest {
    private static final Duration UP = Duration.ofSeconds(30);
    private static final String KEY = "hooks-lab-key";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    private static Map<String, String> env(Lab lab, String hookFile, String hook) throws Exception {
        Path scripts = Files.createDirectories(lab.directory().resolve("scripts"));
        Files.writeString(scripts.resolve(hookFile), hook);
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
        env.put("SCRIPTS_DIR", scripts.toString());
        env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
        return env;
    }

    @Test
    void aSelectServerHookSteersTheFailoverToTheServerItNames() throws Exception {
        // Start on s1; when s1 is the server that just failed, go to s3, never to s2.
        String hook = """
                export const apiVersion = 1;
                export function selectServer(candidates, event) {
                  if (event.previous === "s1") return { name: "s3", reason: "s3 is our backup" };
                  return "s1";
                }
                """;
        try (Lab lab = Lab.start(3); ProductRun tk = ProductRun.start(lab, env(lab, "steer.mjs", hook))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            tk.await("hook file(s) of", 1, UP); // the hooks loaded (in the background, after the health server)
            if (!tk.connects().get(tk.connects().size() - 1).equals("s1")) {
                // the first connect may come before the hooks are loaded: a restart now goes through the hook
                int first = tk.connects().get(tk.connects().size() - 1).equals("s2") ? 2 : 3;
                lab.stopOpenVpnServer(first);
                assertTrue(Poll.until(Duration.ofSeconds(60), () -> tk.connects().contains("s1")), tk.log());
                tk.await("INFO [healthcheck] healthy!", 2, UP);
                // back up: when the first server was s3, the hook's backup must be alive for the failover below
                lab.startOpenVpnServer(first);
            }
            int before = tk.connects().size();
            lab.stopOpenVpnServer(1);
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> tk.connects().size() > before), tk.log());
            assertEquals("s3", tk.connects().get(before), "the hook's choice; log:\n" + tk.log());
            assertTrue(Poll.until(UP, () -> "s3".equals(lab.dialTarget(Duration.ofSeconds(2)).answer())), tk.log());
        }
    }

    @Test
    void withAHookThatAlwaysThrowsTheBuiltInPolicyStillHeals() throws Exception {
        String hook = """
                export const apiVersion = 1;
                export function onHealthCheckFailed(event) { throw new Error("this hook is broken"); }
                export function selectServer(candidates, event) { throw new Error("so is this one"); }
                """;
        Map<String, String> env;
        try (Lab lab = Lab.start(2); ProductRun tk = ProductRun.start(lab, env = metricsOn(env(lab, "broken.mjs", hook)))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            tk.await("hook file(s) of", 1, UP);
            String first = tk.connects().get(tk.connects().size() - 1);
            // Silence, not a stopped server: a server that refuses is left by the supervisor before the heal policy
            // (the hook under test) is ever asked.
            lab.blackhole(Integer.parseInt(first.substring(1)), true);
            tk.await("INFO [healthcheck] program has been unhealthy for 6s: restarting VPN", 1, UP);
            tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
            assertTrue(tk.log().contains("broken.mjs:"), "the errors name the file and line; log:\n" + tk.log());
            List<String> connects = tk.connects();
            assertTrue(!connects.get(connects.size() - 1).equals(first), "healed on the other server: " + connects);

            // every call of the broken hook is counted (until HOOK_MAX_ERRORS switches the file off, which may come before
            // a selection), read from the product's own /observe/metrics
            NamespaceHttp.Answer answer = NamespaceHttp.call(lab, lab.clientNamespace(), "GET",
                    "http://" + env.get("HTTP_CONTROL_SERVER_ADDRESS") + "/observe/metrics", null, Map.of("X-API-Key", KEY));
            assertEquals(200, answer.status(), answer.body());
            String metrics = answer.body();
            assertTrue(sample(metrics, "tunnelkeeper_hook_calls_total{hook=\"onHealthCheckFailed\",outcome=\"error\"}") >= 1,
                    metrics);
            assertTrue(sample(metrics, "tunnelkeeper_hook_errors_total{hook=\"onHealthCheckFailed\"}") >= 1, metrics);
            assertTrue(sample(metrics, "tunnelkeeper_hook_duration_seconds_count{hook=\"onHealthCheckFailed\"}") >= 1, metrics);
        }
    }

    private static Map<String, String> metricsOn(Map<String, String> env) {
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8113");
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        return env;
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip())).orElse(-1.0);
    }
}
