package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One loaded module in a sandboxed context of its own, and the only way to call it. A context is single-threaded
 * and hooks are called from the health loop's and the supervisor's threads, so every use holds its lock; a caller
 * waits for it no longer than the call's own limit. Each call: reset the statement count, arm the watchdog, run the
 * hook through a small trampoline that passes JSON in and gives JSON back, so only plain data crosses.
 */
final class HookContext implements AutoCloseable {
    /** Larger answers are refused: no hook needs to say this much. */
    static final int MAX_ANSWER_CHARS = 64 * 1024;
    private static final Log LOG = Log.of("hooks");
    private static final JsonReaderFactory JSON = jakarta.json.spi.JsonProvider.provider().createReaderFactory(Map.of());

    private final String file;
    private final Context context;
    private final Map<HookName, Value> hooks;
    private final Map<HookName, Integer> lines;
    private final Value trampoline;
    private final HookLog log;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean dead;
    private boolean closed;

    HookContext(String file, Context context, Map<HookName, Value> hooks, Map<HookName, Integer> lines, Value trampoline,
                HookLog log, InstantSource clock) {
        this.file = file;
        this.context = context;
        this.hooks = Map.copyOf(hooks);
        this.lines = Map.copyOf(lines);
        this.trampoline = trampoline;
        this.log = log;
        this.clock = clock;
    }

    String file() {
        return file;
    }

    Set<HookName> hooks() {
        return hooks.keySet();
    }

    boolean exports(HookName hook) {
        return hooks.containsKey(hook);
    }

    /** The line the hook's function starts on: where an invalid answer is reported. */
    int line(HookName hook) {
        return lines.getOrDefault(hook, 0);
    }

    /** Now, by the clock hooks see: errors are stamped with it. */
    java.time.Instant clockInstant() {
        return clock.instant();
    }

    /** Killed by the statement limit or cancelled: every later call would throw, so the module must be loaded again. */
    boolean dead() {
        return dead;
    }

    /**
     * Calls one hook.
     *
     * @param argsJson the arguments as a JSON array, spread into the call
     */
    RawAnswer call(HookName hook, String argsJson, Duration limit) {
        Value fn = hooks.get(hook);
        if (fn == null) {
            return new RawAnswer.None();
        }
        if (!acquire(limit)) {
            return new RawAnswer.Skipped(file + " is still busy with another call");
        }
        try {
            if (closed || dead) {
                return new RawAnswer.Skipped(file + " is being reloaded");
            }
            context.resetLimits();
            log.newCall();
            String out;
            Watchdog.Armed deadline = Watchdog.arm(context, limit, file + " " + hook.export());
            try {
                out = trampoline.execute(fn, argsJson).asString();
            } finally {
                deadline.disarm();
            }
            return decode(out);
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() && !stillUsable()) {
                dead = true;
            }
            return new RawAnswer.Failed(GuestErrors.of(e, file, hook.export(), line(hook), limit, clock.instant()));
        } catch (IllegalStateException e) {
            dead = true; // the context was cancelled or closed under us
            return new RawAnswer.Skipped(file + " was stopped: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /** Closes the context once no call runs in it; a call stuck past its limit gets it cancelled. */
    @Override
    public void close() {
        boolean locked = acquire(Duration.ofSeconds(1));
        try {
            closed = true;
            context.close(!locked);
        } catch (RuntimeException e) {
            // a context killed by a limit throws on close too: it is gone either way
        } finally {
            if (locked) {
                lock.unlock();
            }
        }
    }

    private boolean acquire(Duration limit) {
        try {
            return lock.tryLock(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // Out of memory leaves the context usable; the statement limit does not. Ask it rather than guess.
    private boolean stillUsable() {
        try {
            context.resetLimits();
            context.eval("js", "0");
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private RawAnswer decode(String out) {
        if (out.isEmpty()) {
            return new RawAnswer.None();
        }
        if (out.startsWith("!")) {
            return new RawAnswer.NotData(out.substring(1));
        }
        if (out.length() > MAX_ANSWER_CHARS) {
            return new RawAnswer.NotData("an answer of " + out.length() + " characters (at most " + MAX_ANSWER_CHARS + ")");
        }
        try (JsonReader reader = JSON.createReader(new StringReader(out.substring(1)))) {
            return new RawAnswer.Data(reader.readValue());
        } catch (JsonException e) {
            LOG.debug(file + ": unreadable answer " + out);
            return new RawAnswer.NotData("an answer that is not JSON data");
        }
    }
}
