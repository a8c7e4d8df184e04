package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.SettingsCatalog;
import dev.tunnelkeeper.app.SettingsAssembly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/compose/docker-compose.yml: its tunnelkeeper environment is accepted by the product as it stands, on the
 * shipped config/tunnelkeeper.yaml (only the .ovpn file it mounts is the user's), and its application shares
 * tunnelkeeper's network. ContainerLabTest runs that pattern for real (--network container:).
 */
class ShippedComposeFileTest {
    private static final Path COMPOSE = Path.of("deploy", "compose", "docker-compose.yml");

    @TempDir
    Path dir;

    private static Map<?, ?> services() throws IOException {
        Map<?, ?> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(COMPOSE));
        return (Map<?, ?>) root.get("services");
    }

    @Test
    void itsEnvironmentIsAcceptedOnTheShippedConfig() throws Exception {
        Map<?, ?> tunnelkeeper = (Map<?, ?>) services().get("tunnelkeeper");
        Map<String, String> env = new HashMap<>();
        for (Object item : (List<?>) tunnelkeeper.get("environment")) {
            String entry = (String) item;
            env.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        List<String> unknown = new ArrayList<>(env.keySet());
        unknown.removeIf(name -> SettingsCatalog.ALL.stream().anyMatch(s -> s.env().equals(name)));
        assertEquals(List.of(), unknown, "every variable of the compose file is a setting of the product");
        // The file it mounts at OPENVPN_CUSTOM_CONFIG is the user's: here one in a provider's shape.
        Path ovpn = Files.writeString(dir.resolve("custom.ovpn"), "client\ndev tun\nproto udp\nremote 203.0.113.7 1194\n"
                + "auth-user-pass\n");
        assertTrue(((List<?>) tunnelkeeper.get("volumes")).contains("./custom.ovpn:" + env.get("OPENVPN_CUSTOM_CONFIG") + ":ro"));
        env.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
        env.put("TK_CONFIG", Path.of("config", "tunnelkeeper.yaml").toString());
        SettingsAssembly.load(env); // throws with every problem if any
        assertEquals(List.of("NET_ADMIN"), tunnelkeeper.get("cap_add"));
        assertEquals(List.of("/dev/net/tun:/dev/net/tun"), tunnelkeeper.get("devices"));
        assertTrue(!tunnelkeeper.containsKey("healthcheck"), "the image's own HEALTHCHECK is used");
    }

    @Test
    void theApplicationSharesTunnelkeepersNetworkAndWaitsUntilItIsHealthy() throws Exception {
        Map<?, ?> app = (Map<?, ?>) services().get("app");
        assertEquals("service:tunnelkeeper", app.get("network_mode"));
        assertEquals(Map.of("tunnelkeeper", Map.of("condition", "service_healthy")), app.get("depends_on"));
        assertTrue(!app.containsKey("ports"), "its ports are published on tunnelkeeper's service");
    }
}
