package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every section's parser is called in one round: five bad values in five sections are five problem lines. */
class SettingsAssemblyTest {
    /** One bad value in each of health, firewall, control, DNS and hooks, as a compose file sets them. */
    static final Map<String, String> FIVE_BAD = Map.of(
            "HEALTH_VPN_DURATION_INITIAL", "soon",
            "FIREWALL", "maybe",
            "HTTP_CONTROL_SERVER_ADDRESS", ":99999",
            "DNS_UPSTREAM_TIMEOUT", "1h",
            "HOOK_TIMEOUT", "2s");

    /** The five lines, in the order the sections are read. */
    static final List<String> FIVE_LINES = List.of(
            "HEALTH_VPN_DURATION_INITIAL=\"soon\": not a duration; valid: a duration such as 6s, 1m30s or 500ms, greater than 0",
            "FIREWALL=\"maybe\": not a boolean; valid: on, off, yes, no, true or false",
            "HTTP_CONTROL_SERVER_ADDRESS=\":99999\": port 99999 is out of range 1-65535; valid: host:port or :port, such as :8000 or 127.0.0.1:8000",
            "HOOK_TIMEOUT=\"2s\": out of range; valid: a duration from 1ms to 500ms, such as 50ms",
            "DNS_UPSTREAM_TIMEOUT=\"1h\": out of range; valid: a duration from 100ms to 30s, such as 2s");

    @TempDir
    Path dir;

    private Map<String, String> userEnv() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TK_CONFIG", Path.of("config", "tunnelkeeper.yaml").toString());
        env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\nca ca.crt\n").toString());
        return env;
    }

    @Test
    void theShippedFileAndAGoodEnvironmentHaveNoProblem() throws Exception {
        List<String> problems = new ArrayList<>();
        SettingsAssembly.read(userEnv(), problems);
        assertEquals(List.of(), problems);
    }

    @Test
    void fiveBadValuesInFiveSectionsAreFiveLinesInOneRound() throws Exception {
        Map<String, String> env = userEnv();
        env.putAll(FIVE_BAD);
        List<String> problems = new ArrayList<>();
        Settings settings = SettingsAssembly.read(env, problems);
        assertEquals(FIVE_LINES, problems);
        // each bad value is replaced by a safe one, so the rest could still be checked
        assertTrue(settings.firewall().enabled());
    }

    /** The same five in a YAML file: Helidon reads it, and each line names the key and the file. */
    @Test
    void fiveBadValuesInTheYamlFileAreFiveLinesNamingTheFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("tk.yaml"), """
                health:
                  vpn_duration_initial: soon
                firewall:
                  enabled: maybe
                control:
                  server_address: ":99999"
                hooks:
                  timeout: 2s
                dns:
                  upstream_timeout: 1h
                """);
        Map<String, String> env = userEnv();
        env.put("TK_CONFIG", yaml.toString());
        List<String> problems = new ArrayList<>();
        SettingsAssembly.read(env, problems);
        assertEquals(5, problems.size(), problems.toString());
        assertEquals("HEALTH_VPN_DURATION_INITIAL=\"soon\" (key health.vpn_duration_initial in " + yaml + "): not a duration; "
                + "valid: a duration such as 6s, 1m30s or 500ms, greater than 0", problems.get(0));
        assertEquals("FIREWALL=\"maybe\" (key firewall.enabled in " + yaml + "): not a boolean; valid: on, off, yes, no, true or false",
                problems.get(1));
        assertTrue(problems.get(2).startsWith("HTTP_CONTROL_SERVER_ADDRESS=\":99999\" (key control.server_address in " + yaml + "): "),
                problems.get(2));
        assertTrue(problems.get(3).startsWith("HOOK_TIMEOUT=\"2s\" (key hooks.timeout in " + yaml + "): out of range"), problems.get(3));
        assertTrue(problems.get(4).startsWith("DNS_UPSTREAM_TIMEOUT=\"1h\" (key dns.upstream_timeout in " + yaml + "): out of range"),
                problems.get(4));
    }
}
