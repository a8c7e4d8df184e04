package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCRIPTS_DIR, HOOK_TIMEOUT, HOOK_MAX_ERRORS: defaults, values, and one line per problem. */
class HookSettingsParserTest {
    private static final Map<String, String> DEFAULTS = Map.of("SCRIPTS_DIR", "scripts", "HOOK_TIMEOUT", "50ms",
            "HOOK_MAX_ERRORS", "5");

    private static HookSettings parse(Map<String, String> env, List<String> problems) {
        return HookSettingsParser.parse(name -> env.containsKey(name)
                ? new RawSettings.Value(new SettingSpec(name, "hooks.x", DEFAULTS.get(name), false, ""), env.get(name), "env")
                : new RawSettings.Value(new SettingSpec(name, "hooks.x", DEFAULTS.get(name), false, ""), DEFAULTS.get(name),
                "default"), problems);
    }

    @Test
    void theDefaults() {
        List<String> problems = new ArrayList<>();
        assertEquals(HookSettings.defaults(), parse(Map.of(), problems));
        assertEquals(List.of(), problems);
    }

    @Test
    void valuesAreRead() {
        List<String> problems = new ArrayList<>();
        HookSettings s = parse(Map.of("SCRIPTS_DIR", "/etc/tk/hooks", "HOOK_TIMEOUT", "120ms", "HOOK_MAX_ERRORS", "10"),
                problems);
        assertEquals(new HookSettings(Path.of("/etc/tk/hooks"), Duration.ofMillis(120), 10), s);
        assertEquals(List.of(), problems);
    }

    @Test
    void everyProblemIsOneLineNamingTheVariableTheValueAndWhatIsValid() {
        List<String> problems = new ArrayList<>();
        HookSettings s = parse(Map.of("HOOK_TIMEOUT", "2s", "HOOK_MAX_ERRORS", "many"), problems);
        assertEquals(HookSettings.defaults(), s, "safe defaults stand in");
        assertEquals(List.of(
                "HOOK_TIMEOUT=\"2s\": out of range; valid: a duration from 1ms to 500ms, such as 50ms",
                "HOOK_MAX_ERRORS=\"many\": not a whole number; valid: a whole number from 1 to 1000"), problems);
        problems.clear();
        parse(Map.of("HOOK_TIMEOUT", "fast", "HOOK_MAX_ERRORS", "0"), problems);
        assertEquals(List.of(
                "HOOK_TIMEOUT=\"fast\": not a duration; valid: a duration from 1ms to 500ms, such as 50ms",
                "HOOK_MAX_ERRORS=\"0\": out of range; valid: a whole number from 1 to 1000"), problems);
    }
}
