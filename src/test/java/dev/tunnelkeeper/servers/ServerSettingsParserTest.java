package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.ServerSettings.Selection;
import dev.tunnelkeeper.config.SettingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerSettingsParserTest {
    // The defaults the SettingsCatalog rows give, as RawSettings would hand them over.
    private static final Map<String, String> DEFAULTS = Map.of(
            "SERVERS_FILE", "config/servers.json", "SERVER_SELECTION", "random", "SERVER_COOLDOWN", "5m");

    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private RawSettings.Value value(String name) {
        SettingSpec spec = new SettingSpec(name, "servers." + name.toLowerCase(), DEFAULTS.getOrDefault(name, ""), false, "");
        return env.containsKey(name) ? new RawSettings.Value(spec, env.get(name), "env")
                : new RawSettings.Value(spec, spec.defaultValue(), "default");
    }

    private ServerSettings parse() {
        return ServerSettingsParser.parse(this::value, problems);
    }

    @Test
    void defaultsUseTheDefaultFileWithoutRequiringIt() {
        ServerSettings s = parse();
        assertEquals(List.of(), problems);
        assertEquals(Path.of("config/servers.json"), s.file());
        assertFalse(s.fileRequired());
        assertEquals(Selection.RANDOM, s.selection());
        assertEquals(Duration.ofMinutes(5), s.cooldown());
        assertEquals(List.of(), s.countries());
    }

    @Test
    void aFileSetByTheUserIsRequired() {
        env.put("SERVERS_FILE", "/data/servers.json");
        ServerSettings s = parse();
        assertEquals(Path.of("/data/servers.json"), s.file());
        assertTrue(s.fileRequired());
    }

    @Test
    void listsKeepTheirOrderAndDropBlanks() {
        env.put("SERVER_NAMES", " b , a,,c ");
        env.put("SERVER_COUNTRIES", "Sweden");
        env.put("SERVER_REGIONS", "Oslo,Stockholm County");
        env.put("SERVER_CITIES", "Oslo");
        env.put("SERVER_HOSTNAMES", "x.vpn.example");
        ServerSettings s = parse();
        assertEquals(List.of("b", "a", "c"), s.names());
        assertEquals(List.of("Sweden"), s.countries());
        assertEquals(List.of("Oslo", "Stockholm County"), s.regions());
        assertEquals(List.of("Oslo"), s.cities());
        assertEquals(List.of("x.vpn.example"), s.hostnames());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SERVER_SELECTION | Ordered | ORDERED | PT5M",
            "SERVER_SELECTION | random  | RANDOM  | PT5M",
            "SERVER_COOLDOWN  | 90s     | RANDOM  | PT1M30S",
            "SERVER_COOLDOWN  | 0       | RANDOM  | PT0S",
            "SERVER_COOLDOWN  | 1h0m0s  | RANDOM  | PT1H"})
    void validValues(String name, String text, Selection selection, Duration cooldown) {
        env.put(name, text);
        ServerSettings s = parse();
        assertEquals(List.of(), problems);
        assertEquals(selection, s.selection());
        assertEquals(cooldown, s.cooldown());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SERVER_SELECTION | best       | SERVER_SELECTION=\"best\": not a known selection; valid: random (any server that has not failed lately) or ordered",
            "SERVER_COOLDOWN  | 5 minutes  | SERVER_COOLDOWN=\"5 minutes\": not a duration; valid: a duration such as 5m, 90s or 0",
            "SERVER_COOLDOWN  | -5m        | SERVER_COOLDOWN=\"-5m\": negative durations are not allowed; valid: a duration"})
    void badValuesAreOneLineEachAndFallBackToTheDefault(String name, String text, String expected) {
        env.put(name, text);
        ServerSettings s = parse();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(expected), problems.get(0));
        assertEquals(Selection.RANDOM, s.selection());
        assertEquals(Duration.ofMinutes(5), s.cooldown());
    }
}
