package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.time.Scheduler;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The only things a hook gets besides its arguments: a frozen global {@code tk} with {@code log(...parts)} and
 * {@code now()} (ms since the epoch, from the supervisor's clock: virtual in tests, the fixture's in test-hook), and
 * for API version 2 {@code fetch(url, options)} (a Promise) and {@code secret(name)}. The host functions are closed
 * over by plain JS functions, so a script never holds a host object; requests and responses cross as JSON.
 */
final class HookHelpers {
    private static final Source BOOTSTRAP = Source.newBuilder("js", """
            (log, now, fetch, secret) => {
              const text = (p) => typeof p === "string" ? p : String(JSON.stringify(p));
              const helpers = {
                log: (...parts) => { log(parts.map(text).join(" ")); },
                now: () => now(),
              };
              if (fetch !== null) {
                helpers.fetch = (url, options) => new Promise((resolve, reject) => {
                  const o = options === undefined || options === null ? {} : options;
                  const structured = o.body !== undefined && o.body !== null && typeof o.body !== "string";
                  const request = JSON.stringify({ url: String(url), method: o.method, headers: o.headers,
                    body: structured ? JSON.stringify(o.body) : o.body, json: structured, timeoutMs: o.timeoutMs });
                  fetch(request, (answer) => {
                    const r = JSON.parse(answer);
                    resolve(Object.freeze({
                      status: r.status, ok: r.status >= 200 && r.status < 300, headers: Object.freeze(r.headers),
                      truncated: r.truncated,
                      text: () => Promise.resolve(r.body),
                      json: () => new Promise((ok) => ok(JSON.parse(r.body))),
                    }));
                  }, (message) => reject(new Error(message)));
                });
                helpers.secret = (name) => {
                  const value = secret(String(name));
                  if (value === null) throw new Error("HOOK_SECRET_" + String(name) + " is not set");
                  return value;
                };
              }
              Object.defineProperty(globalThis, "tk",
                { value: Object.freeze(helpers), writable: false, enumerable: false, configurable: false });
            }
            """, "tunnelkeeper-helpers.js").buildLiteral();

    private HookHelpers() {
    }

    /** @param bridge the module's fetch and secrets (API version 2), or null (version 1: log and now only) */
    static void install(Context context, HookLog log, Scheduler clock, FetchBridge bridge) {
        ProxyExecutable logLine = args -> {
            log.line(args.length == 0 ? "" : args[0].asString());
            return null;
        };
        ProxyExecutable now = args -> clock.now().toEpochMilli();
        ProxyExecutable fetch = args -> {
            bridge.fetch(args[0].asString(), args[1], args[2]);
            return null;
        };
        ProxyExecutable secret = args -> bridge.secret(args[0].asString());
        context.eval(BOOTSTRAP).execute(logLine, now, bridge == null ? null : fetch, bridge == null ? null : secret);
    }
}
