package dev.tunnelkeeper.scripting;

import static dev.tunnelkeeper.scripting.HookTesting.failedCheck;
import static dev.tunnelkeeper.scripting.HookTesting.module;
import static dev.tunnelkeeper.scripting.HookTesting.running;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files are watched: a good version is swapped in fresh, a broken one leaves the old one running and says why. */
class HotReloadTest {
    private static final Duration SCAN = Duration.ofSeconds(ScriptHost.SCAN_SECONDS);
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private ScriptHost host;
    private HealPolicy policy;

    @BeforeEach
    void start() {
        host = HookTesting.host(dir, time);
        policy = host.healPolicy(() -> running("se-1", time.now()));
    }

    @AfterEach
    void close() {
        host.close();
    }

    private static String counting(String version) {
        return module("let calls = 0;\nexport function onHealthCheckFailed(e) {\n  calls++;\n"
                + "  return { action: \"wait\", reason: \"" + version + " call \" + calls };\n}\n");
    }

    private String ask() {
        HealDecision d = policy.decide(failedCheck(time.now(), 1));
        return d.builtIn() ? "built-in" : d.reason();
    }

    @Test
    void goodThenBrokenThenFixed() {
        write(dir, "heal.mjs", counting("v1"));
        host.start();
        time.runDue();
        assertEquals("v1 call 1", ask());
        assertEquals("v1 call 2", ask());

        try (LogCapture log = new LogCapture()) {
            write(dir, "heal.mjs", "export const apiVersion = 1;\nexport function onHealthCheckFailed(e) {\n  return {;\n}\n");
            time.advance(SCAN);
            assertEquals("v1 call 3", ask(), "the broken version left the old one running, state and all");
            assertEquals(1, log.count("ERROR [hooks] heal.mjs: the new version is not loaded; the previous one keeps running:"),
                    log.lines().toString());
            assertEquals(1, log.count("ERROR [hooks]   heal.mjs:3: SyntaxError: "), log.lines().toString());
            HookFileStatus s = host.status().get(0);
            assertEquals(HookFileStatus.State.ACTIVE, s.state());
            assertEquals("heal.mjs:3", s.rejected().get(0).where());

            time.advance(SCAN);
            assertEquals(1, log.count("the new version is not loaded"), "a rejected version is reported once");
        }

        write(dir, "heal.mjs", counting("v2"));
        time.advance(SCAN);
        assertEquals("v2 call 1", ask(), "the fixed version is in, with fresh module state");
        assertEquals(List.of(), host.status().get(0).rejected());
    }

    @Test
    void aNewFileIsLoadedAndADeletedOneUnloaded() throws Exception {
        host.start();
        time.runDue();
        assertEquals("built-in", ask());
        write(dir, "heal.mjs", counting("new"));
        time.advance(SCAN);
        assertEquals("new call 1", ask());
        try (LogCapture log = new LogCapture()) {
            Files.delete(dir.resolve("heal.mjs"));
            time.advance(SCAN);
            assertEquals("built-in", ask());
            assertEquals(List.of(), host.status());
            assertEquals(1, log.count("INFO [hooks] heal.mjs was deleted: its hooks are unloaded"));
        }
    }

    @Test
    void aNewFileThatIsBrokenIsListedAsBroken() {
        write(dir, "heal.mjs", "export const apiVersion = 3;\n");
        host.start();
        time.runDue();
        HookFileStatus s = host.status().get(0);
        assertEquals(HookFileStatus.State.BROKEN, s.state());
        assertTrue(s.rejected().get(0).toString().startsWith("heal.mjs:1: apiVersion is 3"), s.toString());
        assertEquals("built-in", ask());
    }

    @Test
    void anUnchangedFileIsNotReloadedAndKeepsItsState() {
        write(dir, "heal.mjs", counting("v1"));
        host.start();
        time.runDue();
        assertEquals("v1 call 1", ask());
        write(dir, "heal.mjs", counting("v1")); // touched, same text
        time.advance(SCAN.multipliedBy(3));
        assertEquals("v1 call 2", ask());
    }

    @Test
    void aSwitchedOffFileComesBackWhenItChanges() {
        write(dir, "heal.mjs", module("export function onHealthCheckFailed(e) { throw new Error('bug'); }\n"));
        host.start();
        time.runDue();
        for (int i = 0; i < 5; i++) {
            ask();
        }
        assertEquals(HookFileStatus.State.DISABLED, host.status().get(0).state());
        time.advance(SCAN);
        assertEquals(HookFileStatus.State.DISABLED, host.status().get(0).state(), "still off while unchanged");
        write(dir, "heal.mjs", counting("fixed"));
        time.advance(SCAN);
        assertEquals(HookFileStatus.State.ACTIVE, host.status().get(0).state());
        assertEquals("fixed call 1", ask());
    }

    @Test
    void aReloadScansAtOnceOnTheLoaderThreadAndSaysWhatItLeft() {
        write(dir, "good.mjs", counting("good"));
        write(dir, "bad.mjs", "export const apiVersion = 1;\nexport function onHealthy( {\n");
        try (dev.tunnelkeeper.time.SystemScheduler loader = new dev.tunnelkeeper.time.SystemScheduler("test-hooks");
             ScriptHost real = ScriptHost.create(new dev.tunnelkeeper.config.HookSettings(dir, HookTesting.GENEROUS, 5),
                     time, loader)) {
            ScriptHost.Reload r = real.reload(Duration.ofSeconds(10));
            assertEquals(List.of("good.mjs"), r.active());
            assertEquals(1, r.rejected().size());
            assertTrue(r.rejected().get(0).toString().startsWith("bad.mjs:3: SyntaxError: Expected ident but found eof"), r.toString());
        }
    }

    @Test
    void filesInSubdirectoriesAndOtherExtensionsAreNotLoaded() throws Exception {
        Files.createDirectories(dir.resolve("examples"));
        write(dir.resolve("examples"), "heal.mjs", counting("example"));
        write(dir, "heal.js", counting("plain js"));
        write(dir, "heal.test.json", "{}");
        host.start();
        time.runDue();
        assertEquals(List.of(), host.status());
        assertEquals("built-in", ask());
    }
}
