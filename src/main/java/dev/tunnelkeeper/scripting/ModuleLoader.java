package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Compiles one hook file as an ES module in a fresh sandboxed context and checks it against API version 1:
 * {@code export const apiVersion = 1}, each known hook a function, no hook name misspelt. Nothing is swapped in
 * here: the caller decides what to do with the result, so a broken new version never replaces a working one.
 */
final class ModuleLoader {
    /** The newest API version; files written for version 1 still load and behave as before. */
    static final int API_VERSION = 2;
    private static final Pattern API_VALUE = Pattern.compile("export\\s+(?:const|let|var)\\s+apiVersion\\s*=\\s*(\\d+)");
    /** The top level may loop too; the first module also pays for warming the engine's JS built-ins. */
    static final Duration LOAD_LIMIT = Duration.ofSeconds(5);
    private static final Pattern API_LINE = Pattern.compile("export\\s+(?:const|let|var)\\s+apiVersion\\b");
    private final Supplier<HookEngine> engine;
    private final Scheduler clock;
    private final Duration loadLimit;
    private final HookSecrets secrets;
    private final Optional<HookFetcher> fetcher;

    /** @param clock what {@code tk.now()} reads, and the time stamped on errors */
    ModuleLoader(Scheduler clock) {
        this(HookEngine::shared, clock, LOAD_LIMIT);
    }

    ModuleLoader(Supplier<HookEngine> engine, Scheduler clock, Duration loadLimit) {
        this(engine, clock, loadLimit, HookSecrets.NONE, Optional.empty());
    }

    /**
     * @param secrets what {@code tk.secret} reads (version 2), masked in everything the module's log and errors say
     * @param fetcher what carries {@code tk.fetch} (version 2); empty: every call is refused
     */
    ModuleLoader(Supplier<HookEngine> engine, Scheduler clock, Duration loadLimit, HookSecrets secrets,
                 Optional<HookFetcher> fetcher) {
        this.engine = engine;
        this.clock = clock;
        this.loadLimit = loadLimit;
        this.secrets = secrets;
        this.fetcher = fetcher;
    }

    /** The same loader with other secrets and fetches (test-hook's recorded ones). */
    ModuleLoader with(HookSecrets secrets, Optional<HookFetcher> fetcher) {
        return new ModuleLoader(engine, clock, loadLimit, secrets, fetcher);
    }

    Scheduler clock() {
        return clock;
    }

    /** Loads one file; every problem it reports has the secrets masked. */
    LoadResult load(HookSource source) {
        return switch (loadUnmasked(source)) {
            case LoadResult.Rejected r -> new LoadResult.Rejected(r.problems().stream().map(secrets::mask).toList());
            case LoadResult.Loaded l -> new LoadResult.Loaded(l.module(), l.warnings().stream().map(secrets::mask).toList());
        };
    }

    private LoadResult loadUnmasked(HookSource source) {
        String file = source.file();
        Instant at = clock.now();
        HookLog log = new HookLog(file, secrets);
        // The version decides what tk offers before the top level runs (a version 2 file may read a secret there).
        Matcher declared = API_VALUE.matcher(source.text());
        FetchBridge bridge = declared.find() && declared.group(1).equals("2")
                ? new FetchBridge(file, fetcher, secrets) : null;
        Context context;
        try {
            context = engine.get().newContext(log.stream());
        } catch (RuntimeException e) {
            return rejected(new HookError(file, 0, "", HookError.Kind.INTERNAL, "no JavaScript context: " + e.getMessage(), at));
        }
        try {
            HookHelpers.install(context, log, clock, bridge);
            Value exports;
            Watchdog.Armed deadline = Watchdog.arm(context, loadLimit, file + " (top level)");
            try {
                exports = context.eval(Source.newBuilder("js", source.text(), file)
                        .mimeType("application/javascript+module").buildLiteral());
            } finally {
                deadline.disarm();
            }
            List<HookError> problems = new ArrayList<>();
            int version = checkApiVersion(exports, source, at, problems);
            if (problems.isEmpty() && (version == 2) != (bridge != null)) {
                problems.add(new HookError(file, lineOf(source.text()), "", HookError.Kind.API,
                        "write the version as a plain number on its own: export const apiVersion = " + version, at));
            }
            Map<HookName, Value> hooks = new EnumMap<>(HookName.class);
            Map<HookName, Integer> lines = new EnumMap<>(HookName.class);
            readHooks(exports, file, at, hooks, lines, problems);
            List<HookError> notCalled = new ArrayList<>();
            for (HookName h : List.copyOf(hooks.keySet())) {
                if (h.since() > version) {
                    hooks.remove(h);
                    notCalled.add(new HookError(file, lines.getOrDefault(h, 0), h.export(), HookError.Kind.API,
                            "is a hook of API version " + h.since() + ", and this file declares apiVersion " + version
                                    + ": it is not called (export const apiVersion = " + h.since() + " to use it)", at));
                }
            }
            if (!problems.isEmpty()) {
                closeQuietly(context);
                return new LoadResult.Rejected(problems);
            }
            List<HookError> warnings = new ArrayList<>(notCalled);
            if (hooks.isEmpty()) {
                warnings.add(new HookError(file, 0, "", HookError.Kind.API, "exports no hook (known: "
                        + String.join(", ", java.util.Arrays.stream(HookName.values()).map(HookName::export).toList())
                        + "): it does nothing", at));
            }
            return new LoadResult.Loaded(new HookContext(file, context, hooks, lines, context.eval(Trampolines.TRAMPOLINE), log, clock,
                    bridge, bridge == null ? null : context.eval(Trampolines.ASYNC_TRAMPOLINE)), warnings);
        } catch (PolyglotException e) {
            closeQuietly(context);
            return rejected(GuestErrors.of(e, file, "", 0, loadLimit, at));
        } catch (RuntimeException e) {
            closeQuietly(context);
            return rejected(new HookError(file, 0, "", HookError.Kind.INTERNAL, "cannot be loaded: " + e, at));
        }
    }

    // The declared version (1 or 2), or 0 with a problem.
    private static int checkApiVersion(Value exports, HookSource source, Instant at, List<HookError> problems) {
        String file = source.file();
        Value v = exports.hasMember("apiVersion") ? exports.getMember("apiVersion") : null;
        if (v == null) {
            problems.add(new HookError(file, 1, "", HookError.Kind.API, "export const apiVersion = " + API_VERSION
                    + " is missing: it says which hook API the file is written for", at));
        } else if (!v.isNumber() || !v.fitsInInt() || v.asInt() < 1 || v.asInt() > API_VERSION) {
            String shown = v.isString() ? "\"" + v.asString() + "\" (a string)" : v.toString();
            problems.add(new HookError(file, lineOf(source.text()), "", HookError.Kind.API, "apiVersion is " + shown
                    + "; this tunnelkeeper supports apiVersion 1 and " + API_VERSION + " (export const apiVersion = "
                    + API_VERSION + ")", at));
        } else {
            return v.asInt();
        }
        return 0;
    }

    private static void readHooks(Value exports, String file, Instant at, Map<HookName, Value> hooks,
                                  Map<HookName, Integer> lines, List<HookError> problems) {
        for (String key : exports.getMemberKeys()) {
            Optional<HookName> hook = HookName.ofExport(key);
            if (hook.isPresent()) {
                Value fn = exports.getMember(key);
                if (!fn.canExecute()) {
                    problems.add(new HookError(file, 0, key, HookError.Kind.API,
                            "is exported as " + fn + ", not as a function", at));
                } else {
                    hooks.put(hook.get(), fn);
                    lines.put(hook.get(), startLine(fn.getSourceLocation()));
                }
            } else {
                HookName.lookalike(key).ifPresent(h -> problems.add(new HookError(file, 0, key, HookError.Kind.API,
                        "no hook has this name, so it would never be called: did you mean " + h.export() + "?", at)));
            }
        }
    }

    private static int startLine(SourceSection section) {
        return section == null || !section.isAvailable() ? 0 : section.getStartLine();
    }

    private static int lineOf(String text) {
        Matcher m = API_LINE.matcher(text);
        if (!m.find()) {
            return 0;
        }
        return (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }

    private static LoadResult rejected(HookError error) {
        return new LoadResult.Rejected(List.of(error));
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (RuntimeException e) {
            // a context killed by a limit throws on close: it is gone either way
        }
    }

    /**
     * The call trampolines. A holder of their own: building a Source starts GraalJS's polyglot implementation
     * (some 200 classes), which a product with no hook files must never load.
     */
    private static final class Trampolines {
        // Plain data crosses in both directions: JSON in, spread as arguments; JSON out, or a note on what came back.
        static final Source TRAMPOLINE = Source.newBuilder("js", """
                (fn, args) => {
                  const answer = fn(...JSON.parse(args));
                  if (answer === undefined || answer === null) return "";
                  const type = typeof answer;
                  if (type === "function" || type === "symbol" || type === "bigint") return "!a " + type;
                  if (type === "object" && typeof answer.then === "function") {
                    return "!a Promise: hooks answer synchronously (no async, no await)";
                  }
                  return "=" + JSON.stringify(answer);
                }
                """, "tunnelkeeper-call.js").buildLiteral();
        // API version 2's notifications: a returned Promise is followed, and how it ends is told to the host.
        static final Source ASYNC_TRAMPOLINE = Source.newBuilder("js", """
                (fn, args, done) => {
                  const answer = fn(...JSON.parse(args));
                  if (answer !== null && typeof answer === "object" && typeof answer.then === "function") {
                    const told = (e) => e instanceof Error ? String(e) + "\\n" + String(e.stack) : String(e);
                    answer.then(() => done(""), (e) => { try { done(told(e)); } catch (x) { done("a rejection"); } });
                    return "";
                  }
                  return "";
                }
                """, "tunnelkeeper-notify.js").buildLiteral();
    }
}
