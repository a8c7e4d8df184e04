package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SCRIPTS_DIR, HOOK_TIMEOUT, HOOK_MAX_ERRORS, HOOK_FETCH_ALLOW, HOOK_SECRET_*: defaults, values, one line per problem. */
class HookSettingsParserTest {
    private static final Map<String, String> DEFAULTS = Map.of("SCRIPTS_DIR", "scripts", "HOOK_TIMEOUT", "50ms",
            "HOOK_MAX_ERRORS", "5", "HOOK_FETCH_ALLOW", "");

    private static HookSettings parse(Map<String, String> env, List<String> problems) {
        return HookSettingsParser.parse(name -> env.containsKey(name)
                ? new RawSettings.Value(new SettingSpec(name, "hooks.x", DEFAULTS.get(name), false, ""), env.get(name), "env")
                : new RawSettings.Value(new SettingSpec(name, "hooks.x", DEFAULTS.get(name), false, ""), DEFAULTS.get(name),
                "default"), env, problems);
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

    @Test
    void fetchGrantsAreReadNormalizedAndCheckedEachOnItsOwn() {
        List<String> problems = new ArrayList<>();
        HookSettings s = parse(Map.of("HOOK_FETCH_ALLOW", "NTFY.sh:443, 192.168.1.7/24:8080,10.0.0.5:80"), problems);
        assertEquals(List.of("ntfy.sh:443", "192.168.1.0/24:8080", "10.0.0.5:80"), s.fetchAllow());
        assertEquals(List.of(), problems);
        s = parse(Map.of("HOOK_FETCH_ALLOW", "ntfy.sh,gotify.lan:99999,10.0.0.0/33:80,ok.example:443"), problems);
        assertEquals(List.of("ok.example:443"), s.fetchAllow(), "the good item stays");
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("HOOK_FETCH_ALLOW=\"ntfy.sh,gotify.lan:99999,10.0.0.0/33:80,ok.example:443\": "
                + "\"ntfy.sh\": the port is missing"), problems.get(0));
        assertTrue(problems.get(1).contains("\"gotify.lan:99999\": port 99999 is out of range 1-65535"), problems.get(1));
        assertTrue(problems.get(2).contains("\"10.0.0.0/33:80\": prefix length 33 is out of range 0-32"), problems.get(2));
    }

    @Test
    void secretsComeFromTheEnvironmentByNameAndAreNeverPrinted() {
        List<String> problems = new ArrayList<>();
        HookSettings s = parse(Map.of("HOOK_SECRET_NTFY_TOKEN", "tk_s3cr3t_value", "HOOK_SECRET_EMPTY", "",
                "HOOK_SECRET_bad-name", "x"), problems);
        assertEquals(java.util.Set.of("NTFY_TOKEN"), s.secrets().keySet());
        assertEquals("tk_s3cr3t_value", s.secrets().get("NTFY_TOKEN").value());
        assertFalse(s.toString().contains("tk_s3cr3t_value"), s.toString());
        assertEquals(List.of("HOOK_SECRET_bad-name: not a secret name; valid: HOOK_SECRET_ followed by A-Z, 0-9 and _,"
                + " such as HOOK_SECRET_NTFY_TOKEN"), problems);
    }
}
