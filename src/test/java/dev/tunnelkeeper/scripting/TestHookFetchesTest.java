package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test-hook replays tk.fetch offline: recorded answers, the grants checked, the calls asserted, and nothing sent. */
class TestHookFetchesTest {
    @TempDir
    Path dir;

    private static final String HOOK = """
            export const apiVersion = 2;
            export async function onTunnelDown(e) {
              const r = await tk.fetch("https://hooks.example/down", { method: "POST", body: { cause: e.cause },
                headers: { "X-Key": tk.secret("KEY") } });
              tk.log("answered", r.status, await r.text());
            }
            export async function onTunnelUp(e) {
              try { await tk.fetch("https://elsewhere.example/up"); } catch (err) { tk.log(err.message); }
            }
            """;

    private ShippedExamplesTest.Run play(String fixture) {
        HookTesting.write(dir, "hook.mjs", HOOK);
        HookTesting.write(dir, "hook.test.json", fixture);
        return ShippedExamplesTest.run(out -> TestHookCommand.run(List.of(dir.resolve("hook.mjs").toString()),
                Map.of(), out, out, HookTesting.GENEROUS));
    }

    @Test
    void theCallsAHookMadeAreCheckedAndAnsweredFromTheFixture() {
        ShippedExamplesTest.Run run = play("""
                { "fetchAllow": ["hooks.example:443"], "secrets": {"KEY": "k-123"},
                  "responses": [ { "url": "https://hooks.example/", "status": 202, "body": "queued" } ],
                  "steps": [
                    { "at": 1000, "call": "onTunnelDown", "event": { "cause": "user" }, "expectFetches": [] },
                    { "at": 2000, "call": "onTunnelUp",
                      "expectFetches": [ { "method": "POST", "url": "https://hooks.example/down",
                        "headers": { "X-Key": "k-123" }, "bodyContains": "{\\"cause\\":\\"user\\"}" } ] }
                  ] }
                """);
        assertEquals(0, run.code(), run.output());
        // the down call waited for the tunnel: it is sent, recorded and answered at the next tunnel-up
        assertTrue(run.output().contains("log: answered 202 queued"), run.output());
        assertTrue(run.output().contains("tk.fetch POST https://hooks.example/down {\"cause\":\"user\"}"), run.output());
        assertTrue(run.output().contains("log: tk.fetch refused GET https://elsewhere.example/up: elsewhere.example:443 "
                + "is not in HOOK_FETCH_ALLOW (hooks.example:443); adding elsewhere.example:443 to HOOK_FETCH_ALLOW would "
                + "allow it"), run.output());
    }

    @Test
    void aDifferentCallOrAMissingOneFailsTheStep() {
        ShippedExamplesTest.Run run = play("""
                { "fetchAllow": ["hooks.example:443"], "secrets": {"KEY": "k-123"},
                  "steps": [
                    { "at": 1000, "call": "onTunnelDown", "expectFetches": [] },
                    { "at": 2000, "call": "onTunnelUp", "expectFetches": [ { "url": "https://hooks.example/up" } ] }
                  ] }
                """);
        assertEquals(1, run.code(), run.output());
        assertTrue(run.output().contains("FAIL: tk.fetch call 1 (POST https://hooks.example/down): url is not "
                + "\"https://hooks.example/up\""), run.output());
        ShippedExamplesTest.Run count = play("""
                { "fetchAllow": ["hooks.example:443"], "secrets": {"KEY": "k-123"},
                  "steps": [ { "at": 1000, "call": "onTunnelDown", "expectFetches": [ {}, {} ] } ] }
                """);
        assertEquals(1, count.code(), count.output());
        assertTrue(count.output().contains("FAIL: expected 2 tk.fetch call(s), the hook made 0"), count.output());
    }
}
