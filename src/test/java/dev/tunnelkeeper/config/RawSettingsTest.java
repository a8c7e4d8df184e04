package dev.tunnelkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sources as Helidon Config reads them: the environment over the YAML file over the defaults. */
class RawSettingsTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    private RawSettings read(String yaml, Map<String, String> env) throws Exception {
        Path file = Files.writeString(dir.resolve("tk.yaml"), yaml);
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("TK_CONFIG", file.toString());
        return RawSettings.read(all, problems);
    }

    @Test
    void theEnvironmentWinsAndAnEmptyValueIsUnset() throws Exception {
        RawSettings raw = read("health:\n  success_wait_duration: 7s\n  vpn_duration_initial: 8s\n  target_address:\n",
                Map.of("HEALTH_SUCCESS_WAIT_DURATION", "9s", "HEALTH_VPN_DURATION_INITIAL", ""));
        assertEquals(List.of(), problems);
        assertEquals("9s", raw.get("HEALTH_SUCCESS_WAIT_DURATION").text());
        assertEquals("env", raw.get("HEALTH_SUCCESS_WAIT_DURATION").source());
        assertEquals("8s", raw.get("HEALTH_VPN_DURATION_INITIAL").text());
        assertEquals(dir.resolve("tk.yaml").toString(), raw.get("HEALTH_VPN_DURATION_INITIAL").source());
        assertEquals("cloudflare.com:443", raw.get("HEALTH_TARGET_ADDRESS").text());
        assertEquals("default", raw.get("HEALTH_TARGET_ADDRESS").source());
    }

    @Test
    void aYamlListIsTheCommaSeparatedListAndValuesAreTakenAsWritten() throws Exception {
        RawSettings raw = read("""
                health:
                  target_addresses: [a.example:1, b.example:2]
                openvpn:
                  password: "p${HOME}w"
                """, Map.of());
        assertEquals(List.of(), problems);
        assertEquals("a.example:1,b.example:2", raw.get("HEALTH_TARGET_ADDRESSES").text());
        assertEquals("p${HOME}w", raw.get("OPENVPN_PASSWORD").text(), "no ${...} resolving");
        assertEquals("OPENVPN_PASSWORD=(secret, not shown) (key openvpn.password in " + dir.resolve("tk.yaml") + ")",
                raw.get("OPENVPN_PASSWORD").describe());
    }

    @Test
    void theEnvironmentWinsOverAYamlList() throws Exception {
        RawSettings raw = read("health:\n  target_addresses: [a.example:1, b.example:2]\n",
                Map.of("HEALTH_TARGET_ADDRESSES", "c.example:3"));
        assertEquals(List.of(), problems);
        assertEquals("c.example:3", raw.get("HEALTH_TARGET_ADDRESSES").text());
        assertEquals("env", raw.get("HEALTH_TARGET_ADDRESSES").source());
    }

    @Test
    void aSyntaxErrorIsOneLineWithItsLine() throws Exception {
        read("log:\n  level: info\n   bad: 1\n", Map.of());
        assertEquals(List.of(dir.resolve("tk.yaml") + ": not valid YAML at line 3: mapping values are not allowed here"), problems);
    }

    @Test
    void aFileThatIsNotAMappingIsOneLine() throws Exception {
        read("- a\n- b\n", Map.of());
        assertEquals(List.of(dir.resolve("tk.yaml") + ": the top level must be a mapping of sections (log:, health:, vpn:, ...)"),
                problems);
    }

    @Test
    void unknownKeysAndListsAreNamedOnceEach() throws Exception {
        read("health:\n  restart: off\n  targets: [a, b]\n  target_address: {host: a}\n", Map.of());
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(dir.resolve("tk.yaml") + ": unknown key health.restart; valid keys: health.target_address"),
                problems.get(0));
        assertTrue(problems.get(1).contains("unknown key health.target_address.host;"), problems.get(1));
        assertTrue(problems.get(2).contains("unknown key health.targets;"), problems.get(2));
    }
}
