package dev.tunnelkeeper.scripting;

import java.time.InstantSource;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The only things a hook gets besides its arguments: a frozen global {@code tk} with {@code log(...parts)} and
 * {@code now()} (ms since the epoch, from the supervisor's clock: virtual in tests, the fixture's in test-hook).
 * The two host functions are closed over by plain JS functions, so a script never holds a host object.
 */
final class HookHelpers {
    private static final Source BOOTSTRAP = Source.newBuilder("js", """
            (log, now) => {
              const text = (p) => typeof p === "string" ? p : String(JSON.stringify(p));
              const tk = Object.freeze({
                log: (...parts) => { log(parts.map(text).join(" ")); },
                now: () => now(),
              });
              Object.defineProperty(globalThis, "tk", { value: tk, writable: false, enumerable: false, configurable: false });
            }
            """, "tunnelkeeper-helpers.js").buildLiteral();

    private HookHelpers() {
    }

    static void install(Context context, HookLog log, InstantSource clock) {
        ProxyExecutable logLine = args -> {
            log.line(args.length == 0 ? "" : args[0].asString());
            return null;
        };
        ProxyExecutable now = args -> clock.millis();
        context.eval(BOOTSTRAP).execute(logLine, now);
    }
}
