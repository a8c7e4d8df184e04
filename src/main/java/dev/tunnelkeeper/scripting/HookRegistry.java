package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.control.metrics.HookMetrics;
import dev.tunnelkeeper.log.Log;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The loaded hook files in file-name order, and the rules for calling them:
 * <ul>
 *   <li>a decision ({@link HookName#decides()}) goes to each file that exports the hook, in name order, until one
 *       gives a valid answer; no answer, an error or an invalid answer passes the question on; when no file answers,
 *       the caller's built-in decides;</li>
 *   <li>a notification goes to every file that exports it; answers are ignored;</li>
 *   <li>every error is logged with file:line and counted; HOOK_MAX_ERRORS in a row switch the file off until it
 *       changes.</li>
 * </ul>
 */
final class HookRegistry {
    /**
     * The time limit of each step of an API version 2 notification when HOOK_TIMEOUT is shorter: it runs on the
     * notification thread, where its limit only bounds a script that does not return, and a module's first call
     * pays for compiling its code, which can take more than the 50 ms default. Version 1 notifications keep HOOK_TIMEOUT.
     */
    static final Duration NOTIFICATION_LIMIT = Duration.ofMillis(500);
    private static final Log LOG = Log.of("hooks");

    private final ConcurrentSkipListMap<String, HookFile> files = new ConcurrentSkipListMap<>();
    private final Duration timeout;
    private final int maxErrors;
    private final List<Consumer<HookError>> errorListeners = new CopyOnWriteArrayList<>();
    private volatile HookMetrics metrics = HookMetrics.NONE;
    private volatile HookSecrets secrets = HookSecrets.NONE;

    HookRegistry(Duration timeout, int maxErrors) {
        this.timeout = timeout;
        this.maxErrors = maxErrors;
    }

    /** Where each call's outcome and latency are counted. */
    void countWith(HookMetrics metrics) {
        this.metrics = metrics;
    }

    /** Masked in every error kept or logged. */
    void mask(HookSecrets secrets) {
        this.secrets = secrets;
    }

    /** Hears every call error (the test kit prints them). */
    void addErrorListener(Consumer<HookError> listener) {
        errorListeners.add(listener);
    }

    /** Whether any active file exports the hook: callers skip building its arguments when none does. */
    boolean anyExports(HookName hook) {
        return files.values().stream().anyMatch(f -> f.exports(hook));
    }

    /**
     * @param args the arguments as a JSON array; built only if some file exports the hook
     * @return the first valid answer, or empty: the built-in decides
     */
    <T> Optional<Answered<T>> decide(HookName hook, Supplier<String> args, AnswerReader<T> reader) {
        String json = null;
        for (HookFile f : files.values()) {
            HookContext module = f.callable(hook);
            if (module == null) {
                continue;
            }
            if (json == null) {
                json = args.get();
            }
            Optional<T> answer = judge(f, module, hook, timed(module, hook, json, timeout), reader);
            if (answer.isPresent()) {
                return Optional.of(new Answered<>(f.file(), answer.get()));
            }
        }
        return Optional.empty();
    }

    /** Tells every file that exports the hook; answers are ignored, errors counted. */
    void notifyAll(HookName hook, Supplier<String> args) {
        String json = null;
        for (HookFile f : files.values()) {
            HookContext module = f.callable(hook);
            if (module == null) {
                continue;
            }
            if (json == null) {
                json = args.get();
            }
            Duration limit = module.async() && NOTIFICATION_LIMIT.compareTo(timeout) > 0 ? NOTIFICATION_LIMIT : timeout;
            module.asyncErrors(error -> {
                metrics.failedAfterAwait(hook.export());
                failed(f, error, hook);
            }, limit);
            judge(f, module, hook, timed(module, hook, json, limit), answer -> Optional.empty());
        }
    }

    private record Timed(RawAnswer raw, Duration took) {
    }

    private Timed timed(HookContext module, HookName hook, String json, Duration limit) {
        long start = System.nanoTime();
        RawAnswer raw = module.call(hook, json, limit);
        return new Timed(raw, Duration.ofNanos(System.nanoTime() - start));
    }

    private <T> Optional<T> judge(HookFile f, HookContext module, HookName hook, Timed timed, AnswerReader<T> reader) {
        Instant at = module.clockInstant();
        Duration took = timed.took();
        switch (timed.raw()) {
            case RawAnswer.None none -> {
                metrics.called(hook.export(), HookMetrics.Outcome.OK, took);
                f.succeeded();
            }
            case RawAnswer.Skipped skipped -> LOG.debug(hook.export() + " skipped: " + skipped.why());
            case RawAnswer.Failed failed -> {
                metrics.called(hook.export(), failed.error().kind() == HookError.Kind.TIMEOUT
                        ? HookMetrics.Outcome.TIMEOUT : HookMetrics.Outcome.ERROR, took);
                failed(f, failed.error(), hook);
            }
            case RawAnswer.NotData notData -> {
                metrics.called(hook.export(), HookMetrics.Outcome.INVALID_ANSWER, took);
                failed(f, invalid(module, hook, "returned " + notData.what(), at), hook);
            }
            case RawAnswer.Data data -> {
                if (data.value() == JsonValue.NULL) {
                    metrics.called(hook.export(), HookMetrics.Outcome.OK, took);
                    f.succeeded();
                    return Optional.empty();
                }
                try {
                    Optional<T> answer = reader.read(data.value());
                    metrics.called(hook.export(), HookMetrics.Outcome.OK, took);
                    f.succeeded();
                    return answer;
                } catch (InvalidAnswer e) {
                    metrics.called(hook.export(), HookMetrics.Outcome.INVALID_ANSWER, took);
                    failed(f, invalid(module, hook, e.getMessage(), at), hook);
                }
            }
        }
        return Optional.empty();
    }

    private static HookError invalid(HookContext module, HookName hook, String message, Instant at) {
        return new HookError(module.file(), module.line(hook), hook.export(), HookError.Kind.INVALID_ANSWER, message, at);
    }

    private void failed(HookFile f, HookError unmasked, HookName hook) {
        HookError error = secrets.mask(unmasked);
        boolean switchedOff = f.failed(error, maxErrors);
        String instead = hook.decides() ? "the built-in answers instead" : "ignored";
        LOG.warn(error + "; " + instead + " (" + f.errorsInARow() + " error(s) in a row; " + maxErrors + " switch the file off)");
        if (switchedOff) {
            LOG.error(f.file() + " is switched off after " + maxErrors + " errors in a row (last: " + error
                    + "); the built-ins answer for it until the file changes");
        }
        errorListeners.forEach(l -> l.accept(error));
    }

    // ---- the loader's side ----

    HookFile file(String name) {
        return files.computeIfAbsent(name, HookFile::new);
    }

    Optional<HookFile> existing(String name) {
        return Optional.ofNullable(files.get(name));
    }

    List<String> names() {
        return List.copyOf(files.keySet());
    }

    /** Forgets a deleted file; returns its module for the caller to close. */
    Optional<HookContext> remove(String name) {
        HookFile f = files.remove(name);
        return f == null ? Optional.empty() : f.detach();
    }

    List<HookFileStatus> status() {
        return files.values().stream().map(HookFile::status).toList();
    }
}
