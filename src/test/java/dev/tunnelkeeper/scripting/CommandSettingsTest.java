package dev.tunnelkeeper.scripting;

import static dev.tunnelkeeper.scripting.HookTesting.module;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.app.SettingsAssembly;
import dev.tunnelkeeper.scripting.ShippedExamplesTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * check-scripts and test-hook find the scripts directory as {@code run} does: SCRIPTS_DIR over hooks.scripts_dir of
 * the YAML file named by TK_CONFIG over the default, reading the hook settings only; an argument wins over both.
 */
class CommandSettingsTest {
    @TempDir
    Path dir;
    private Path broken;
    private Path clean;

    @BeforeEach
    void scripts() throws IOException {
        broken = Files.createDirectory(dir.resolve("broken-hooks"));
        write(broken, "throws.mjs", module("export function onHealthy(e) {\n  return nope;\n}\n"));
        clean = Files.createDirectory(dir.resolve("clean-hooks"));
        write(clean, "ok.mjs", module("export function selectServer(c, e) { return c[0]; }\n"));
    }

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("tunnelkeeper.yaml"), text);
    }

    private static Run checkScripts(List<String> args, Map<String, String> env) {
        return ShippedExamplesTest.run(out -> CheckScriptsCommand.run(args, env, out, out, HookTesting.GENEROUS));
    }

    @Test
    void withoutAnArgumentTheScriptsDirOfTheFileNamedByTkConfigIsCheckedWhateverElseTheFileGetsWrong() throws IOException {
        // settings run would refuse (an unknown VPN type, unknown keys in other sections), and no VPN configured at all
        Path file = yaml("""
                vpn:
                  type: carrier-pigeon
                  typo: 1
                elsewhere:
                  anything: 2
                hooks:
                  scripts_dir: %s
                """.formatted(broken));
        Map<String, String> env = Map.of("TK_CONFIG", file.toString());
        List<String> runProblems = new ArrayList<>();
        SettingsAssembly.read(env, runProblems);
        assertTrue(runProblems.stream().anyMatch(p -> p.startsWith("VPN_TYPE=\"carrier-pigeon\"")), runProblems.toString());
        assertTrue(runProblems.stream().anyMatch(p -> p.contains("unknown key elsewhere.anything")), runProblems.toString());

        Run run = checkScripts(List.of(), env);
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().lines().anyMatch(l -> l.equals(broken + "/throws.mjs:3: onHealthy: threw ReferenceError: nope is not defined")),
                run.output());
        assertTrue(run.output().endsWith("checked 1 file(s): 1 problem(s)\n"), run.output());
        assertFalse(run.output().contains("VPN_TYPE") || run.output().contains("elsewhere"), run.output());
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws IOException {
        Path file = yaml("hooks:\n  scripts_dir: " + broken + "\n");
        Run run = checkScripts(List.of(), Map.of("TK_CONFIG", file.toString(), "SCRIPTS_DIR", clean.toString()));
        assertEquals(0, run.code(), run.output());
        assertTrue(run.output().contains(clean + "/ok.mjs: ok (apiVersion 1; selectServer)"), run.output());
        assertFalse(run.output().contains("throws.mjs"), run.output());
    }

    @Test
    void anArgumentWinsOverTheEnvironmentAndTheFile() throws IOException {
        Path file = yaml("hooks:\n  scripts_dir: " + broken + "\n");
        Run run = checkScripts(List.of(clean.toString()), Map.of("TK_CONFIG", file.toString(), "SCRIPTS_DIR", broken.toString()));
        assertEquals(0, run.code(), run.output());
        assertTrue(run.output().contains("checked 1 file(s): no problems"), run.output());
    }

    @Test
    void aMistakeInTheHookSettingsStopsItWithExitTwoAndOneLineEach() throws IOException {
        Path file = yaml("""
                hooks:
                  script_dir: %s
                  timeout: 2s
                """.formatted(clean));
        Run run = checkScripts(List.of(), Map.of("TK_CONFIG", file.toString()));
        assertEquals(2, run.code(), run.output());
        assertEquals(List.of(
                "tunnelkeeper check-scripts: 2 problem(s) in the hook settings:",
                "  " + file + ": unknown key hooks.script_dir; valid keys: hooks.scripts_dir, hooks.timeout, hooks.max_errors, hooks.fetch_allow",
                "  HOOK_TIMEOUT=\"2s\" (key hooks.timeout in " + file + "): out of range; valid: a duration from 1ms to 500ms, such as 50ms"),
                run.output().lines().toList());

        Run missing = checkScripts(List.of(), Map.of("TK_CONFIG", dir.resolve("nope.yaml").toString()));
        assertEquals(2, missing.code(), missing.output());
        assertTrue(missing.output().contains("  TK_CONFIG=\"" + dir.resolve("nope.yaml") + "\": no such file"), missing.output());
    }

    @Test
    void testHookTakesAFileNamedWithoutADirectoryFromTheScriptsDir() throws IOException {
        String name = "command-settings-test-hook.mjs"; // not in the current directory
        assertFalse(Files.exists(Path.of(name)));
        write(clean, name, module("export function selectServer(c, e) { return c[1]; }\n"));
        write(clean, "command-settings-test-hook.test.json", """
                { "servers": [ { "name": "se-1" }, { "name": "se-2" } ],
                  "steps": [ { "call": "selectServer", "expect": "se-2" } ] }
                """);
        Path file = yaml("hooks:\n  scripts_dir: " + clean + "\n");
        Run run = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(name),
                Map.of("TK_CONFIG", file.toString()), out, out, HookTesting.GENEROUS));
        assertEquals(0, run.code(), run.output());
        assertTrue(run.output().contains("passed: 1 of 1 steps"), run.output());

        Run elsewhere = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(name),
                Map.of("TK_CONFIG", file.toString(), "SCRIPTS_DIR", broken.toString()), out, out, HookTesting.GENEROUS));
        assertEquals(1, elsewhere.code(), elsewhere.output());
        assertEquals("test-hook: no file " + name + " here nor in the scripts directory " + broken + " (SCRIPTS_DIR)\n",
                elsewhere.output());
    }
}
