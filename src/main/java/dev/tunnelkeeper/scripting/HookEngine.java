package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.io.InputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one GraalJS engine of the process and the sandbox every hook context gets. Creating it costs about a second
 * (class loading, the JS built-ins), so it is made on first use, on the hook loader's thread, never on the health
 * server's start path. Every context shares it, with the same HostAccess and the same limits (mixing them on one
 * engine fails inside Truffle).
 *
 * <p>The sandbox is SandboxPolicy.CONSTRAINED (the strictest the community build has): no host class lookup, no
 * IO, no threads, no processes, no environment, no other languages; output goes to the log.
 */
final class HookEngine {
    /**
     * A backstop under the watchdog's interrupt: about 0.7 s of a warm interpreter, several seconds of a cold one, so
     * it never fires before HOOK_TIMEOUT (500 ms at most). Cumulative per context: reset before each call.
     */
    static final long STATEMENT_LIMIT = 10_000_000L;
    private static final Log LOG = Log.of("hooks");
    private static volatile HookEngine shared;

    private final Engine engine;
    private final ResourceLimits limits = ResourceLimits.newBuilder().statementLimit(STATEMENT_LIMIT, null).build();

    private HookEngine(Engine engine) {
        this.engine = engine;
    }

    /** The process's engine, created on the first call (about a second; warm-up included). */
    static HookEngine shared() {
        HookEngine e = shared;
        if (e == null) {
            synchronized (HookEngine.class) {
                e = shared;
                if (e == null) {
                    long start = System.nanoTime();
                    e = new HookEngine(Engine.newBuilder("js")
                            .sandbox(SandboxPolicy.CONSTRAINED)
                            .option("engine.WarnInterpreterOnly", "false") // interpreter-only is the right mode here
                            .out(OutputStream.nullOutputStream())
                            .err(OutputStream.nullOutputStream())
                            .build());
                    e.warmUp();
                    LOG.info("JavaScript engine ready in " + (System.nanoTime() - start) / 1_000_000 + " ms");
                    shared = e;
                }
            }
        }
        return e;
    }

    /** A fresh sandboxed context; the caller closes it. */
    Context newContext(OutputStream out) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .allowHostAccess(HostAccess.CONSTRAINED)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateThread(false)
                .allowCreateProcess(false)
                .allowNativeAccess(false)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(out)
                .option("js.esm-eval-returns-exports", "true")
                .resourceLimits(limits)
                .build();
    }

    // The first exception, JSON round trip, module evaluation and promise job load classes for tens of milliseconds:
    // pay that here, on the loader's thread, not in the first hook call on the health loop's.
    private void warmUp() {
        try (Context c = newContext(OutputStream.nullOutputStream())) {
            c.eval(org.graalvm.polyglot.Source.newBuilder("js",
                    "export const f = (a) => JSON.stringify(JSON.parse(a));", "warm-up.mjs").buildLiteral());
            c.eval("js", "try { null.x } catch (e) { String(e.stack) }");
            // what an async notification (API version 2) does in its first call: promises, await, spread, freeze
            c.eval("js", """
                    (async () => {
                      const all = await Promise.allSettled([Promise.resolve(1), Promise.reject(new Error("x"))]);
                      const o = Object.freeze({ ...{ a: 1 }, b: all.map((r) => r.status).join(",") });
                      return new Promise((ok) => ok(JSON.stringify(o)));
                    })().then(String, String);
                    """);
            c.eval("js", "throw new Error('warm-up')");
        } catch (org.graalvm.polyglot.PolyglotException expected) {
            // the last statement throws on purpose
        }
    }
}
