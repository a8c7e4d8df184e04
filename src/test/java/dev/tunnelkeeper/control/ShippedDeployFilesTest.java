package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.ControlRoutes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.control.auth.AuthFileReader;
import dev.tunnelkeeper.control.auth.Authenticator.Verdict;
import dev.tunnelkeeper.control.auth.Authenticator;
import dev.tunnelkeeper.control.auth.ProbeRole;
import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The auth file and the Kubernetes manifest we ship are read by the same code the product uses, without a problem, and
 * open what they say they open.
 */
class ShippedDeployFilesTest {
    private static final Path MANIFEST = Path.of("deploy", "kubernetes", "tunnelkeeper-sidecar.yaml");

    @Test
    void theExampleAuthFileLoadsCleanAndLeavesTheProbesOpen() {
        List<String> problems = new ArrayList<>();
        List<Role> roles = AuthFileReader.read(Path.of("deploy", "auth.example.yaml"), "auth.example.yaml: ", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("prometheus", "qbittorrent", "admin"), roles.stream().map(Role::name).toList());
        assertEquals(ControlRoutes.PROBES, ProbeRole.forProbesNotNamedBy(roles).orElseThrow().routes());
    }

    @Test
    void theManifestsProbesNeedNoAuthFileAndEveryOtherRouteTheKey() throws IOException {
        List<Map<?, ?>> docs = documents();
        assertTrue(docs.stream().noneMatch(d -> "ConfigMap".equals(d.get("kind"))), "no auth file to mount");
        Map<?, ?> secret = (Map<?, ?>) docs.stream().filter(d -> "Secret".equals(d.get("kind"))).findFirst().orElseThrow()
                .get("stringData");
        // the tunnelkeeper container's environment, each secretKeyRef read from the Secret
        Map<String, String> env = new HashMap<>();
        for (Object item : (List<?>) tunnelkeeper(docs).get("env")) {
            Map<?, ?> var = (Map<?, ?>) item;
            Object value = var.containsKey("value") ? var.get("value")
                    : secret.get(((Map<?, ?>) ((Map<?, ?>) var.get("valueFrom")).get("secretKeyRef")).get("key"));
            env.put((String) var.get("name"), String.valueOf(value));
        }
        assertFalse(env.containsKey("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH"), env.toString());
        List<String> problems = new ArrayList<>();
        ControlSettings settings = ControlSettingsParser.parse(RawSettings.read(env, problems)::get, problems);
        assertEquals(List.of(), problems);
        Authenticator auth = new Authenticator(settings.roles());
        for (String probe : ControlRoutes.PROBES) {
            assertEquals(Verdict.ALLOWED, auth.decide(probe, WritableHeaders.create()).verdict(), probe);
        }
        String key = Json.createReader(new StringReader(env.get("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE"))).readObject()
                .getString("apikey");
        WritableHeaders<?> withKey = WritableHeaders.create();
        withKey.set(HeaderNames.create("X-API-Key"), key);
        for (String route : List.of(ControlRoutes.PROBE_ALL, ControlRoutes.METRICS, ControlRoutes.VPN_STATUS_PUT)) {
            assertEquals(Verdict.UNAUTHENTICATED, auth.decide(route, WritableHeaders.create()).verdict(), route);
            assertEquals(Verdict.ALLOWED, auth.decide(route, withKey).verdict(), route);
        }
    }

    private static Map<?, ?> tunnelkeeper(List<Map<?, ?>> docs) {
        Map<?, ?> deployment = docs.stream().filter(d -> "Deployment".equals(d.get("kind"))).findFirst().orElseThrow();
        Map<?, ?> pod = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) deployment.get("spec")).get("template")).get("spec");
        return ((List<?>) pod.get("initContainers")).stream().map(c -> (Map<?, ?>) c)
                .filter(c -> "tunnelkeeper".equals(c.get("name"))).findFirst().orElseThrow();
    }

    @Test
    void everyProbePathOfTheManifestIsARoute() throws IOException {
        Matcher m = Pattern.compile("path: (/observe/[a-z/]+)").matcher(Files.readString(MANIFEST));
        int probes = 0;
        while (m.find()) {
            assertTrue(ControlRoutes.isRoute("GET " + m.group(1)), m.group(1));
            probes++;
        }
        assertEquals(3, probes);
    }

    private static List<Map<?, ?>> documents() throws IOException {
        List<Map<?, ?>> docs = new ArrayList<>();
        for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(MANIFEST))) {
            docs.add((Map<?, ?>) doc);
        }
        return docs;
    }
}
