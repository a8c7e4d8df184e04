package dev.tunnelkeeper.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.control.auth.AuthFileReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The auth files and the Kubernetes manifest we ship are read by the same code the product uses, without a problem. */
class ShippedDeployFilesTest {
    private static final Path MANIFEST = Path.of("deploy", "kubernetes", "tunnelkeeper-sidecar.yaml");

    @Test
    void theExampleAuthFileLoadsClean() {
        List<String> problems = new ArrayList<>();
        List<Role> roles = AuthFileReader.read(Path.of("deploy", "auth.example.yaml"), "auth.example.yaml: ", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of("probes", "prometheus", "qbittorrent", "admin"), roles.stream().map(Role::name).toList());
    }

    @Test
    void theManifestsAuthConfigMapLoadsCleanAndOpensTheProbes(@TempDir Path dir) throws IOException {
        Map<?, ?> configMap = documents().stream().filter(d -> "ConfigMap".equals(d.get("kind"))).findFirst().orElseThrow();
        String authYaml = (String) ((Map<?, ?>) configMap.get("data")).get("auth.yaml");
        List<String> problems = new ArrayList<>();
        List<Role> roles = AuthFileReader.read(Files.writeString(dir.resolve("auth.yaml"), authYaml), "configmap: ", problems);
        assertEquals(List.of(), problems);
        assertEquals(List.of(ControlRoutes.PROBE_LIVE, ControlRoutes.PROBE_READY, ControlRoutes.PROBE_STARTED), roles.getFirst().routes());
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
