package dev.tunnelkeeper.scripting;

import static dev.tunnelkeeper.scripting.HookTesting.module;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.scripting.ShippedExamplesTest.Run;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-scripts and test-hook as a user runs them: their lines, their exit codes. */
class CommandsTest {
    @TempDir
    Path dir;

    @Test
    void checkScriptsPrintsEachProblemAsPathLineMessageAndExitsOne() {
        write(dir, "a-good.mjs", module("export function onHealthCheckFailed(e) { return undefined; }\n"));
        write(dir, "b-syntax.mjs", module("export function selectServer(c, e) {\n  return {;\n}\n"));
        write(dir, "c-version.mjs", "export const apiVersion = 3;\n");
        write(dir, "d-throws.mjs", module("export function onHealthy(e) {\n  return e.server.toUpperCase() + nope;\n}\n"));
        write(dir, "e-typo.mjs", module("export function selectserver(c, e) {}\n"));
        Run run = ShippedExamplesTest.run(out -> CheckScriptsCommand.run(List.of(dir.toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, run.code(), run.output());
        List<String> lines = run.output().lines().toList();
        assertTrue(lines.contains(dir + "/a-good.mjs: ok (apiVersion 1; onHealthCheckFailed)"), run.output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(dir + "/b-syntax.mjs:3: SyntaxError: ")), run.output());
        assertTrue(lines.contains(dir + "/c-version.mjs:1: apiVersion is 3; this tunnelkeeper supports apiVersion 1 and 2 "
                + "(export const apiVersion = 2)"), run.output());
        assertTrue(lines.contains(dir + "/d-throws.mjs:3: onHealthy: threw ReferenceError: nope is not defined"), run.output());
        assertTrue(lines.contains(dir + "/e-typo.mjs: selectserver: no hook has this name, so it would never be called: "
                + "did you mean selectServer?"), run.output());
        assertEquals("checked 5 file(s): 4 problem(s)", lines.get(lines.size() - 1));
    }

    @Test
    void checkScriptsOfAMissingDirectoryIsAProblem() {
        Run run = ShippedExamplesTest.run(out -> CheckScriptsCommand.run(List.of(dir.resolve("nope").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, run.code());
        assertTrue(run.output().contains(dir.resolve("nope") + ": no such file or directory"), run.output());
    }

    @Test
    void checkScriptsOfACleanFileExitsZero() {
        write(dir, "ok.mjs", module("export function selectServer(c, e) { return c[0]; }\n"));
        Run run = ShippedExamplesTest.run(out -> CheckScriptsCommand.run(List.of(dir.resolve("ok.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(0, run.code(), run.output());
        assertTrue(run.output().contains("checked 1 file(s): no problems"), run.output());
    }

    @Test
    void testHookPrintsEachAnswerAndFailsOnAMismatch() {
        write(dir, "h.mjs", module("""
                let n = 0;
                export function onHealthCheckFailed(e) {
                  n++;
                  tk.log("call", n, "at", tk.now());
                  return n === 1 ? { action: "wait", reason: "first" } : { action: "restart", reason: "again" };
                }
                export function selectServer(candidates, e) { return candidates[candidates.length - 1]; }
                """));
        write(dir, "h.test.json", """
                { "servers": [ { "name": "se-1" }, { "name": "se-2" } ],
                  "steps": [
                    { "at": 3000, "call": "onHealthCheckFailed", "expect": "wait" },
                    { "at": 6000, "call": "onHealthCheckFailed", "expect": { "action": "wait" } },
                    { "call": "selectServer", "expect": "se-2" },
                    { "call": "onRestart" }
                  ] }
                """);
        Run run = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(dir.resolve("h.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, run.code(), run.output());
        String o = run.output();
        assertTrue(o.contains("h.mjs against h.test.json (4 steps)"), o);
        assertTrue(o.contains("      log: call 1 at 3000"), o);
        assertTrue(o.contains("    -> {\"action\":\"wait\",\"reason\":\"first\"}  ok"), o);
        assertTrue(o.contains("    -> {\"action\":\"restart\",\"reason\":\"again\"}  FAIL: expected {\"action\":\"wait\"}"), o);
        assertTrue(o.contains("    -> {\"name\":\"se-2\"}  ok"), o);
        assertTrue(o.contains("    -> (notified)  ok"), o);
        assertTrue(o.contains("FAILED: 3 of 4 steps"), o);
    }

    @Test
    void testHookReportsAnErrorWithFileAndLineAndCanExpectIt() {
        write(dir, "h.mjs", module("export function selectServer(candidates, e) {\n  return \"se-9\";\n}\n"));
        write(dir, "h.test.json", """
                { "servers": [ { "name": "se-1" } ],
                  "steps": [
                    { "call": "selectServer", "expectError": "not one of the 1 candidates" },
                    { "call": "selectServer", "expect": null }
                  ] }
                """);
        Run run = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(dir.resolve("h.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().contains("       " + dir + "/h.mjs:2: selectServer: named \"se-9\", which is not one of "
                + "the 1 candidates (\"se-1\")"), run.output());
        assertTrue(run.output().contains("FAIL: the hook failed"), run.output());
        assertTrue(run.output().contains("FAILED: 1 of 2 steps"), run.output());
    }

    @Test
    void testHookNamesABadFixtureAndBadUsage() {
        write(dir, "h.mjs", module(""));
        write(dir, "h.test.json", "{ \"steps\": [ { \"call\": \"onFoo\" } ] }");
        Run bad = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(dir.resolve("h.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, bad.code());
        assertTrue(bad.output().contains("h.test.json: steps[0].call \"onFoo\" is not a hook; valid: [onHealthCheckFailed,"),
                bad.output());
        write(dir, "h.test.json", "{ \"steps\": [ }");
        Run json = ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(dir.resolve("h.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(1, json.code());
        assertTrue(json.output().contains("h.test.json: line 1: not valid JSON"), json.output());
        assertEquals(2, ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(),
                Map.of(), out, out, HookTesting.GENEROUS)).code());
    }
}
