package dev.tunnelkeeper.scripting;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
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
    static final int API_VERSION = 1;
    /** The top level may loop too; the first module also pays for warming the engine's JS built-ins. */
    static final Duration LOAD_LIMIT = Duration.ofSeconds(5);
    private static final Pattern API_LINE = Pattern.compile("export\\s+(?:const|let|var)\\s+apiVersion\\b");
    // Plain data crosses in both directions: JSON in, spread as arguments; JSON out, or a note on what came back.
    private static final Source TRAMPOLINE = Source.newBuilder("js", """
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

    private final Supplier<HookEngine> engine;
    private final InstantSource clock;
    private final Duration loadLimit;

    /** @param clock what {@code tk.now()} reads, and the time stamped on errors */
    ModuleLoader(InstantSource clock) {
        this(HookEngine::shared, clock, LOAD_LIMIT);
    }

    ModuleLoader(Supplier<HookEngine> engine, InstantSource clock, Duration loadLimit) {
        this.engine = engine;
        this.clock = clock;
        this.loadLimit = loadLimit;
    }

    InstantSource clock() {
        return clock;
    }

    LoadResult load(HookSource source) {
        String file = source.file();
        Instant at = clock.instant();
        HookLog log = new HookLog(file);
        Context context;
        try {
            context = engine.get().newContext(log.stream());
        } catch (RuntimeException e) {
            return rejected(new HookError(file, 0, "", HookError.Kind.INTERNAL, "no JavaScript context: " + e.getMessage(), at));
        }
        try {
            HookHelpers.install(context, log, clock);
            Value exports;
            Watchdog.Armed deadline = Watchdog.arm(context, loadLimit, file + " (top level)");
            try {
                exports = context.eval(Source.newBuilder("js", source.text(), file)
                        .mimeType("application/javascript+module").buildLiteral());
            } finally {
                deadline.disarm();
            }
            List<HookError> problems = new ArrayList<>();
            checkApiVersion(exports, source, at, problems);
            Map<HookName, Value> hooks = new EnumMap<>(HookName.class);
            Map<HookName, Integer> lines = new EnumMap<>(HookName.class);
            readHooks(exports, file, at, hooks, lines, problems);
            if (!problems.isEmpty()) {
                closeQuietly(context);
                return new LoadResult.Rejected(problems);
            }
            List<HookError> warnings = hooks.isEmpty()
                    ? List.of(new HookError(file, 0, "", HookError.Kind.API, "exports no hook (known: "
                            + String.join(", ", java.util.Arrays.stream(HookName.values()).map(HookName::export).toList())
                            + "): it does nothing", at))
                    : List.of();
            return new LoadResult.Loaded(new HookContext(file, context, hooks, lines, context.eval(TRAMPOLINE), log, clock),
                    warnings);
        } catch (PolyglotException e) {
            closeQuietly(context);
            return rejected(GuestErrors.of(e, file, "", 0, loadLimit, at));
        } catch (RuntimeException e) {
            closeQuietly(context);
            return rejected(new HookError(file, 0, "", HookError.Kind.INTERNAL, "cannot be loaded: " + e, at));
        }
    }

    private static void checkApiVersion(Value exports, HookSource source, Instant at, List<HookError> problems) {
        String file = source.file();
        Value v = exports.hasMember("apiVersion") ? exports.getMember("apiVersion") : null;
        if (v == null) {
            problems.add(new HookError(file, 1, "", HookError.Kind.API,
                    "export const apiVersion = 1 is missing: it says which hook API the file is written for", at));
        } else if (!v.isNumber() || !v.fitsInInt() || v.asInt() != API_VERSION) {
            String shown = v.isString() ? "\"" + v.asString() + "\" (a string)" : v.toString();
            problems.add(new HookError(file, lineOf(source.text()), "", HookError.Kind.API, "apiVersion is " + shown
                    + "; this tunnelkeeper supports apiVersion " + API_VERSION + " (export const apiVersion = 1)", at));
        }
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
}
