package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.time.Duration;
import java.util.Arrays;

/**
 * Runs the whole call path (events to JSON, the sandboxed call, the watchdog, the answer checks) on a module of
 * our own, once per process, on the loader's thread. Without it the first real hook call pays for class loading
 * and the first JSON round trip: about 45 ms, close to HOOK_TIMEOUT, on the health loop's thread.
 */
final class WarmUp {
    static final int ROUNDS = 50;
    private static final Log LOG = Log.of("hooks");
    private static final HookSource MODULE = HookSource.of("tunnelkeeper-warm-up.mjs", """
            export const apiVersion = 1;
            let n = 0;
            export function onHealthCheckFailed(e) { n++; return { action: "wait", reason: e.errorKind + n }; }
            export function selectServer(candidates, e) { return candidates.find((c) => c.name !== e.previous); }
            export function onHealthCheckSucceeded(e) { return { action: "stay" }; }
            export function onHealthy(e) { n = 0; }
            export function onRestart(e) { n++; }
            """);
    private static volatile boolean done;

    private WarmUp() {
    }

    /** Warms the path once per process; later calls return at once. */
    static synchronized void once() {
        if (done) {
            return;
        }
        done = true;
        long start = System.nanoTime();
        VirtualScheduler clock = new VirtualScheduler(java.time.Instant.EPOCH);
        if (!(new ModuleLoader(clock).load(MODULE) instanceof LoadResult.Loaded loaded)) {
            LOG.warn("the hook warm-up module did not load: the first hook calls will be slower");
            return;
        }
        HookFixture sample = HookFixture.sample(Arrays.asList(HookName.values()));
        try (FixtureRunner runner = new FixtureRunner(MODULE, loaded.module(), clock, sample, Duration.ofSeconds(1),
                Integer.MAX_VALUE, false)) {
            for (int i = 0; i < ROUNDS; i++) {
                sample.steps().forEach(runner::run);
            }
        }
        LOG.debug("hook call path warmed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }
}
