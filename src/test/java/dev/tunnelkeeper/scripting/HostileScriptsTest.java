package dev.tunnelkeeper.scripting;

import static dev.tunnelkeeper.scripting.HookTesting.running;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripts that try to escape, hang, exhaust or confuse the host. Each is contained (refused at load, or its call
 * fails and is counted) while the real healer, in virtual time, keeps gluetun's restarts at 6 s and 17 s, and no
 * call hangs the health loop. A script that never returns runs under a 50 ms limit, which it always exceeds; every
 * other one under a limit that only bounds a hang, so the error it gets does not depend on how busy the machine is.
 * How soon past the limit a runaway call is stopped is measured by HookBenchmark (BENCHMARKS.md), not asserted here.
 */
class HostileScriptsTest {
    /** For the scripts that never return: they exceed it however fast the machine is. */
    private static final Duration LIMIT = Duration.ofMillis(50);
    /** A stopped call that still took this long means the watchdog did not stop it: a hang, whatever the load. */
    private static final Duration HANG = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();
    private ScriptHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                call("host class lookup", "Java.type('java.lang.System').exit(1);",
                        "Access to host class java.lang.System is not allowed"),
                call("another language", "return Polyglot.eval('js', '1');", "Polyglot is not defined"),
                call("reading a file", "load('/etc/passwd');", "Operation is not allowed for: /etc/passwd"),
                call("importing a file at run time", "return import('/etc/passwd');", "returned a Promise"),
                call("node's modules", "return require('fs').readFileSync('/etc/passwd');", "require is not defined"),
                call("the environment", "return process.env.HOME;", "process is not defined"),
                runaway("an endless loop", "while (true) {}", "did not return within 50ms (HOOK_TIMEOUT)"),
                runaway("an endless loop that catches everything",
                        "while (true) { try { for (;;) {} } catch (err) { } }", "did not return within 50ms (HOOK_TIMEOUT)"),
                runaway("a loop in a getter of the answer",
                        "return { get action() { for (;;) {} }, reason: 'x' };", "did not return within 50ms (HOOK_TIMEOUT)"),
                runaway("deep recursion", "const f = (n) => f(n + 1) + 1; return f(0);",
                        "threw RangeError: Maximum call stack size exceeded|did not return within 50ms"),
                runaway("a huge allocation", "const a = []; while (true) a.push(new Array(1e6).fill(1.5));", "did not return within|ran out of resources"),
                runaway("a huge array", "return new Array(1e9).fill(0).length;", "did not return within|ran out of resources"),
                call("a throw", "throw new Error('no');", "threw Error: no"),
                call("garbage", "return { action: 'explode', reason: 1 };", "unknown action \"explode\""),
                call("tampering with the helpers", "tk.now = () => 0; return undefined;", "threw TypeError"),
                load("a syntax error", "export const apiVersion = 1;\nexport function onHealthCheckFailed(e) { return {; }\n",
                        "hostile.mjs:2: SyntaxError: "),
                load("a wrong apiVersion", "export const apiVersion = 3;\nexport function onHealthCheckFailed(e) {}\n",
                        "hostile.mjs:1: apiVersion is 3; this tunnelkeeper supports apiVersion 1 and 2"),
                load("no apiVersion", "export function onHealthCheckFailed(e) {}\n",
                        "hostile.mjs:1: export const apiVersion = 2 is missing"),
                load("importing a file", "import secrets from '/etc/passwd';\nexport const apiVersion = 1;\n",
                        "Operation is not allowed for: /etc/passwd"),
                load("a misspelt hook", "export const apiVersion = 1;\nexport function onHealthcheckFailed(e) {}\n",
                        "did you mean onHealthCheckFailed?"),
                load("a hook that is not a function", "export const apiVersion = 1;\nexport const selectServer = 'se-1';\n",
                        "selectServer: is exported as se-1, not as a function"));
    }

    private static Arguments call(String name, String body, String expected) {
        return Arguments.of(name, hook(body), false, expected, HookTesting.GENEROUS);
    }

    /** A call that never returns on its own (or only when it runs out of something). */
    private static Arguments runaway(String name, String body, String expected) {
        return Arguments.of(name, hook(body), false, expected, LIMIT);
    }

    private static Arguments load(String name, String text, String expected) {
        return Arguments.of(name, text, true, expected, HookTesting.GENEROUS);
    }

    private static String hook(String body) {
        return "export const apiVersion = 1;\nexport function onHealthCheckFailed(e) {\n  " + body + "\n}\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isContainedWhileTheHealerKeepsHealing(String name, String text, boolean refusedAtLoad, String expected, Duration limit) {
        write(dir, "hostile.mjs", text);
        host = HookTesting.host(dir, limit, 5, time);
        host.scanNow();
        List<Long> callMs = new ArrayList<>();
        HealPolicy hooks = host.healPolicy(() -> running("se-1", time.now()));
        List<Long> restarts = runHealer(event -> {
            long start = System.nanoTime();
            try {
                return hooks.decide(event);
            } finally {
                callMs.add((System.nanoTime() - start) / 1_000_000);
            }
        });
        assertEquals(List.of(6_000L, 17_000L), restarts, "the built-in windows held");
        HookFileStatus s = host.status().get(0);
        if (refusedAtLoad) {
            assertEquals(HookFileStatus.State.BROKEN, s.state());
            String problems = s.rejected().toString();
            assertTrue(problems.contains(expected), problems);
        } else {
            assertTrue(s.errors() >= 1, s.toString());
            String last = s.lastError().orElseThrow().toString();
            assertTrue(Stream.of(expected.split("\\|")).anyMatch(last::contains), last);
            assertTrue(last.startsWith("hostile.mjs:"), last);
        }
        long slowest = callMs.stream().mapToLong(Long::longValue).max().orElse(0);
        assertTrue(slowest < limit.plus(HANG).toMillis(), "the slowest call held the loop " + slowest + " ms: " + callMs);
    }

    @Test
    void aTopLevelThatNeverEndsIsStoppedAndTheFileRefused() {
        write(dir, "hostile.mjs", "export const apiVersion = 1;\nwhile (true) {}\n");
        ModuleLoader loader = new ModuleLoader(HookEngine::shared, new dev.tunnelkeeper.time.VirtualScheduler(), Duration.ofMillis(200));
        LoadResult result = loader.load(HookSource.of("hostile.mjs", "export const apiVersion = 1;\nwhile (true) {}\n"));
        String problems = ((LoadResult.Rejected) result).problems().toString();
        assertTrue(problems.contains("hostile.mjs: its top level did not finish within 200ms and was"), problems);
    }

    @Test
    void aModuleStoppedMidCallIsLoadedAgainWithFreshState() {
        write(dir, "hostile.mjs", HookTesting.module("""
                let calls = 0;
                export function onHealthCheckFailed(e) {
                  calls++;
                  if (calls === 2) { while (true) { try { for (;;) {} } catch (err) { } } }
                  return { action: "wait", reason: "call " + calls };
                }
                """));
        // calls 1 and 3 must return within the limit, so it only bounds a hang; call 2 never returns on its own and is
        // stopped by the engine's statement limit (HookEngine.STATEMENT_LIMIT) well before it
        host = HookTesting.host(dir, HookTesting.GENEROUS, 5, time);
        host.scanNow();
        HealPolicy policy = host.healPolicy(() -> running("se-1", time.now()));
        assertEquals("call 1", policy.decide(HookTesting.failedCheck(time.now(), 1)).reason());
        assertTrue(policy.decide(HookTesting.failedCheck(time.now(), 2)).builtIn(), "the runaway call: built-in");
        host.scanNow(); // a dead context is loaded again on the next scan
        String third = policy.decide(HookTesting.failedCheck(time.now(), 3)).reason();
        assertTrue(third.equals("call 1") || third.equals("call 3"), "fresh state if it died, kept if it survived: " + third);
        assertEquals(1, host.status().get(0).errors());
    }

    private List<Long> runHealer(HealPolicy policy) {
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
        ScriptedProber prober = new ScriptedProber(time, ScriptedProber.Outcome.TIMEOUT);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        List<Long> restarts = new ArrayList<>();
        AutoHealer healer = new AutoHealer(time, settings,
                (reason, decidedBy) -> restarts.add(Duration.between(t0, time.now()).toMillis()), loop::vpnRestarted, policy);
        loop.addListener(healer);
        healer.start();
        loop.start();
        time.advance(Duration.ofSeconds(17));
        return restarts;
    }
}
