package dev.tunnelkeeper.config;

import dev.tunnelkeeper.app.SettingsAssembly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized bad input, driven by the catalogue so that every typed setting added later is covered: each setting
 * whose default shows its kind (a duration, a boolean, a whole number, a host:port) gets values of the wrong shape,
 * several at once, in the environment or the YAML file. Each bad setting must give exactly one line naming it, the
 * value (or a mask for a secret) and what would be valid, and nothing else may be reported. The seed is in every
 * failure message: {@code -Dtk.seed=N} replays one run.
 */
class RandomizedBadSettingsTest {
    private static final long SEED = Long.getLong("tk.seed", System.nanoTime());
    private static final int ROUNDS = 400;
    private static final Pattern DURATION_DEFAULT = Pattern.compile("\\d+(ms|s|m|h)");
    private static final Pattern NUMBER_DEFAULT = Pattern.compile("\\d+");
    private static final Pattern HOST_PORT_DEFAULT = Pattern.compile("[0-9.]*:\\d+");

    enum Kind { DURATION, BOOLEAN, NUMBER, HOST_PORT }

    @TempDir
    Path dir;
    private final Map<String, String> base = new HashMap<>();

    @BeforeEach
    void minimalValidEnvironment() throws IOException {
        Path ovpn = Files.writeString(dir.resolve("client.ovpn"), "client\nremote 10.0.0.1 1194\n");
        base.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
    }

    /** The typed settings, their kind read off the default. */
    static Map<SettingSpec, Kind> typedSettings() {
        Map<SettingSpec, Kind> typed = new LinkedHashMap<>();
        for (SettingSpec spec : SettingsCatalog.ALL) {
            String d = spec.defaultValue();
            if (DURATION_DEFAULT.matcher(d).matches()) {
                typed.put(spec, Kind.DURATION);
            } else if (d.equals("on") || d.equals("off")) {
                typed.put(spec, Kind.BOOLEAN);
            } else if (NUMBER_DEFAULT.matcher(d).matches()) {
                typed.put(spec, Kind.NUMBER);
            } else if (HOST_PORT_DEFAULT.matcher(d).matches()) {
                typed.put(spec, Kind.HOST_PORT);
            }
        }
        return typed;
    }

    /** A value no setting of this kind may accept. */
    private static String badValue(Kind kind, Random random) {
        List<String> values = switch (kind) {
            case DURATION -> List.of("soon", "5x", "1.2.3s", "s5", "5 s", "--1s", "9".repeat(40) + "h", "\u0007s");
            case BOOLEAN -> List.of("perhaps", "2", "onoff", "enabled?", "ja", "\u0000", "o n");
            case NUMBER -> List.of("many", "1.5", "9".repeat(30), "0x10", "1e3", "12abc", "\t");
            case HOST_PORT -> List.of("127.0.0.1:99999", "127.0.0.1:abc", "127.0.0.1:-1", "[::1", "127.0.0.1:65536",
                    ":" + "9".repeat(20));
        };
        return values.get(random.nextInt(values.size()));
    }

    @Test
    void everyBadTypedSettingIsOneClearLineAndNothingElse() throws Exception {
        Map<SettingSpec, Kind> typed = typedSettings();
        assertTrue(typed.size() >= 20, "the catalogue's typed settings were found: " + typed.keySet());
        List<SettingSpec> specs = new ArrayList<>(typed.keySet());
        Random random = new Random(SEED);
        for (int round = 0; round < ROUNDS; round++) {
            Map<String, String> bad = new LinkedHashMap<>();
            int count = 1 + random.nextInt(4);
            while (bad.size() < count) {
                SettingSpec spec = specs.get(random.nextInt(specs.size()));
                bad.put(spec.env(), badValue(typed.get(spec), random));
            }
            boolean inYaml = random.nextBoolean();
            Map<String, String> env = new HashMap<>(base);
            env.put("TK_CONFIG", yaml(inYaml ? bad : Map.of(), round).toString());
            if (!inYaml) {
                env.putAll(bad);
            }
            String context = "seed " + SEED + ", round " + round + ", " + (inYaml ? "YAML" : "env") + " " + bad;
            List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env), context).problems();
            assertEquals(bad.size(), problems.size(), context + ": " + problems);
            for (Map.Entry<String, String> e : bad.entrySet()) {
                List<String> lines = problems.stream().filter(p -> p.startsWith(e.getKey() + "=")).toList();
                assertEquals(1, lines.size(), context + ": one line for " + e.getKey() + " in " + problems);
                String line = lines.getFirst();
                assertTrue(line.contains("valid: "), context + ": says what would be valid: " + line);
                assertFalse(line.contains("Exception") || line.contains("\tat "), context + ": " + line);
                assertFalse(line.chars().anyMatch(c -> c < 0x20 && c != '\t'), context + ": no raw control characters: " + line);
                if (SettingsCatalog.byEnv(e.getKey()).secret()) {
                    assertFalse(line.contains(e.getValue()), context + ": a secret is never echoed: " + line);
                }
            }
        }
    }

    @Test
    void foundByThisTestAnOverflowingDurationAndAControlCharacterAreClearLines() throws IOException {
        Map<String, String> env = new HashMap<>(base);
        env.put("TK_CONFIG", yaml(Map.of(), -1).toString());
        env.put("VPN_READY_TIMEOUT", "9".repeat(40) + "h"); // once wrapped round silently to a wrong duration
        env.put("HEALTH_RESTART_VPN", "o\u0007n"); // once echoed raw: the terminal rang and the line looked like "on"
        List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems();
        assertEquals(List.of(
                "VPN_READY_TIMEOUT=\"" + "9".repeat(40) + "h\": too long: at most 2562047h47m16.854775807s; valid: a duration such as 6s, 1m30s or 500ms, greater than 0",
                "HEALTH_RESTART_VPN=\"o\\u0007n\": not a boolean; valid: on, off, yes, no, true or false"),
                problems.stream().sorted(java.util.Comparator.comparing(p -> !p.startsWith("VPN"))).toList());
    }

    /** The bad values under their YAML keys (nested maps, as the shipped file writes them), quoted as strings. */
    private Path yaml(Map<String, String> bad, int round) throws IOException {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : bad.entrySet()) {
            String key = SettingsCatalog.byEnv(e.getKey()).yamlKey();
            int dot = key.indexOf('.');
            sections.computeIfAbsent(key.substring(0, dot), k -> new LinkedHashMap<>()).put(key.substring(dot + 1), e.getValue());
        }
        StringBuilder text = new StringBuilder();
        sections.forEach((section, entries) -> {
            text.append(section).append(":\n");
            entries.forEach((k, v) -> text.append("  ").append(k).append(": \"").append(escape(v)).append("\"\n"));
        });
        return Files.writeString(dir.resolve("bad-" + round + ".yaml"), text.toString());
    }

    private static String escape(String v) {
        StringBuilder out = new StringBuilder();
        v.chars().forEach(c -> out.append(c < 0x20 ? String.format("\\x%02x", c) : c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.valueOf((char) c)));
        return out.toString();
    }
}
