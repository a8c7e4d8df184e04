package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnRequest;
import static dev.tunnelkeeper.scripting.HookTesting.candidates;
import static dev.tunnelkeeper.scripting.HookTesting.failedCheck;
import static dev.tunnelkeeper.scripting.HookTesting.module;
import static dev.tunnelkeeper.scripting.HookTesting.running;
import static dev.tunnelkeeper.scripting.HookTesting.selection;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.servers.OrderedSelector;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The host judges every answer: each kind of bad one is logged with file:line and the reason, counted, and the
 * built-in answers for that call; HOOK_MAX_ERRORS in a row switch the file off.
 */
class AnswerValidationTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private ScriptHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private HealPolicy healReturning(String answer) {
        write(dir, "bad.mjs", module("export function onHealthCheckFailed(e) {\n  return " + answer + ";\n}\n"));
        host = HookTesting.host(dir, time);
        host.scanNow();
        return host.healPolicy(() -> running("se-1", time.now()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{ action: 'reboot', reason: 'x' }          | unknown action \"reboot\"; valid: nothing, or {action: \"wait\" | \"restart\", reason: \"...\"}",
            "{ action: 'restart' }                      | a reason is required to restart",
            "{ action: 'restart', reason: '  ' }        | a reason is required to restart",
            "{ acton: 'restart', reason: 'x' }          | unknown field \"acton\"",
            "{ action: 1 }                              | \"action\" is 1 (a number), not a string",
            "{ action: 'wait', reason: 7 }              | \"reason\" is 7 (a number), not a string",
            "'restart'                                  | returned \"restart\" (a string)",
            "42                                         | returned 42 (a number)",
            "[1, 2]                                     | returned [1,2] (an array)",
            "() => 1                                    | returned a function",
            "Symbol('x')                                | returned a symbol",
            "Promise.resolve({ action: 'wait' })        | returned a Promise: hooks answer synchronously",
            "'x'.repeat(70000)                          | returned an answer of 70003 characters",
    })
    void aBadHealAnswerIsAnErrorWithFileLineAndTheBuiltInDecides(String answer, String message) {
        HealPolicy policy = healReturning(answer);
        try (LogCapture log = new LogCapture()) {
            HealDecision d = policy.decide(failedCheck(time.now(), 1));
            assertTrue(d.builtIn(), d.toString());
            HookFileStatus s = host.status().get(0);
            assertEquals(1, s.errors());
            HookError error = s.lastError().orElseThrow();
            assertEquals("bad.mjs:2", error.where(), "the hook's line");
            assertEquals(HookError.Kind.INVALID_ANSWER, error.kind());
            assertTrue(error.message().contains(message), error.message());
            assertEquals(1, log.count("WARN [hooks] bad.mjs:2: onHealthCheckFailed: "), log.lines().toString());
            assertEquals(1, log.count("the built-in answers instead (1 error(s) in a row; 5 switch the file off)"));
        }
    }

    @Test
    void anAnswerThatCannotBeMadeDataIsAThrowAtTheHooksLine() {
        HealPolicy policy = healReturning("{ action: 'restart', reason: 10n }");
        assertTrue(policy.decide(failedCheck(time.now(), 1)).builtIn());
        HookError error = host.status().get(0).lastError().orElseThrow();
        assertEquals("bad.mjs:2", error.where());
        assertTrue(error.message().contains("BigInt"), error.message());
    }

    @Test
    void aThrowNamesTheLineOfTheThrow() {
        write(dir, "bad.mjs", module("""
                export function onHealthCheckFailed(e) {
                  const server = e.servr;
                  return { action: "restart", reason: server.name };
                }
                """));
        host = HookTesting.host(dir, time);
        host.scanNow();
        assertTrue(host.healPolicy(() -> running("se-1", time.now())).decide(failedCheck(time.now(), 1)).builtIn());
        HookError error = host.status().get(0).lastError().orElseThrow();
        assertEquals("bad.mjs:4: onHealthCheckFailed: threw TypeError: Cannot read property 'name' of undefined",
                error.toString());
        assertEquals(HookError.Kind.THROW, error.kind());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "'nope'               | named \"nope\", which is not one of the 3 candidates (\"se-1\", \"se-2\", \"se-3\")",
            "{ name: 'nope' }     | named \"nope\", which is not one of the 3 candidates",
            "{}                   | returned {} (an object); valid: nothing, one of the candidates, or its name",
            "7                    | returned 7 (a number)",
            "candidates.length    | returned 3 (a number)",
    })
    void aBadSelectionIsAnErrorAndTheBuiltInSelects(String answer, String message) {
        write(dir, "bad.mjs", module("export function selectServer(candidates, e) {\n  return " + answer + ";\n}\n"));
        host = HookTesting.host(dir, time);
        host.scanNow();
        var chosen = host.serverSelector(new OrderedSelector()).select(candidates("se-1", "se-2", "se-3"), selection(time.now()));
        assertEquals("se-1", chosen.orElseThrow().server().name(), "the built-in (ordered) chose");
        HookError error = host.status().get(0).lastError().orElseThrow();
        assertEquals("bad.mjs:2", error.where());
        assertTrue(error.message().contains(message), error.message());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{ action: 'switch', server: 'nope', reason: 'x' } | named \"nope\", which is not one of the 2 candidates",
            "{ action: 'move', server: 'se-2', reason: 'x' }   | unknown action \"move\"",
            "{ action: 'switch', server: 'se-2' }              | a reason is required to switch",
            "{ action: 'switch', server: 2, reason: 'x' }      | \"server\" is 2 (a number), not a string",
    })
    void aBadSwitchIsAnErrorAndNothingRestarts(String answer, String message) {
        write(dir, "bad.mjs", module("export function onHealthCheckSucceeded(e) {\n  return " + answer + ";\n}\n"));
        host = HookTesting.host(dir, time);
        host.scanNow();
        List<VpnRequest> restarts = new ArrayList<>();
        host.notifications(restarts::add, () -> running("se-1", time.now()),
                () -> candidates("se-1", "se-2"), Duration.ofMinutes(5))
                .onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(List.of(), restarts);
        HookError error = host.status().get(0).lastError().orElseThrow();
        assertTrue(error.message().contains(message), error.message());
    }

    @Test
    void fiveErrorsInARowSwitchTheFileOffVisiblyAndAGoodAnswerResetsTheCount() {
        write(dir, "flaky.mjs", module("""
                let n = 0;
                export function onHealthCheckFailed(e) {
                  n++;
                  if (n === 3) return { action: "wait", reason: "fine" };
                  throw new Error("bad " + n);
                }
                """));
        host = HookTesting.host(dir, time);
        host.scanNow();
        HealPolicy policy = host.healPolicy(() -> running("se-1", time.now()));
        try (LogCapture log = new LogCapture()) {
            for (int i = 1; i <= 8; i++) {
                policy.decide(failedCheck(time.now(), i)); // errors 1, 2, a good answer, then 4 to 8: five in a row
            }
            HookFileStatus s = host.status().get(0);
            assertEquals(HookFileStatus.State.DISABLED, s.state());
            assertEquals(7, s.errors());
            assertEquals(5, s.errorsInARow());
            assertEquals("flaky.mjs:6: onHealthCheckFailed: threw Error: bad 8", s.lastError().orElseThrow().toString());
            assertEquals(1, log.count("ERROR [hooks] flaky.mjs is switched off after 5 errors in a row (last: flaky.mjs:6: "
                    + "onHealthCheckFailed: threw Error: bad 8); the built-ins answer for it until the file changes"),
                    log.lines().toString());
            assertTrue(policy.decide(failedCheck(time.now(), 9)).builtIn());
            assertEquals(8, host.status().get(0).calls(), "a switched-off file is not called");
        }
    }
}
