package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import jakarta.json.JsonException;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

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
    private final Scheduler clock;
    private final ReentrantLock lock = new ReentrantLock();
    // API version 2: notifications may answer with a Promise, and fetch through the bridge
    private final FetchBridge bridge;
    private final Value asyncTrampoline;
    private volatile Duration asyncLimit = Duration.ofMillis(50);
    private volatile java.util.function.Consumer<HookError> asyncErrors = e -> LOG.warn(e.toString());
    private volatile boolean dead;
    private boolean closed;

    /**
     * @param bridge          the module's tk.fetch (API version 2), or null
     * @param asyncTrampoline the notification trampoline that follows a returned Promise (with {@code bridge})
     */
    HookContext(String file, Context context, Map<HookName, Value> hooks, Map<HookName, Integer> lines, Value trampoline,
                HookLog log, Scheduler clock, FetchBridge bridge, Value asyncTrampoline) {
        this.file = file;
        this.context = context;
        this.hooks = Map.copyOf(hooks);
        this.lines = Map.copyOf(lines);
        this.trampoline = trampoline;
        this.log = log;
        this.clock = clock;
        this.bridge = bridge;
        this.asyncTrampoline = asyncTrampoline;
        if (bridge != null) {
            bridge.attach(this);
        }
    }

    /** API version 2: notifications may await, and call tk.fetch. */
    boolean async() {
        return bridge != null;
    }

    /** Where errors of a notification's asynchronous part go (a rejected Promise), and their time limit per step. */
    void asyncErrors(java.util.function.Consumer<HookError> sink, Duration limit) {
        this.asyncErrors = sink;
        this.asyncLimit = limit;
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
        return clock.now();
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
            boolean async = bridge != null && !hook.decides();
            FetchBridge.Budget budget = async ? new FetchBridge.Budget(hook) : null;
            Watchdog.Armed deadline = Watchdog.arm(context, limit, file + " " + hook.export());
            try {
                if (async) {
                    bridge.current(budget);
                    ProxyExecutable done = a -> {
                        String failure = a.length == 0 ? "" : a[0].asString();
                        if (!failure.isEmpty()) {
                            asyncErrors.accept(bridge.secrets().mask(asyncError(hook, failure)));
                        }
                        return null;
                    };
                    out = asyncTrampoline.execute(fn, argsJson, done).asString();
                } else {
                    out = trampoline.execute(fn, argsJson).asString();
                }
            } finally {
                deadline.disarm();
                if (bridge != null) {
                    bridge.current(null);
                }
            }
            return decode(out);
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() && !stillUsable()) {
                dead = true;
            }
            return new RawAnswer.Failed(GuestErrors.of(e, file, hook.export(), line(hook), limit, clock.now()));
        } catch (IllegalStateException e) {
            dead = true; // the context was cancelled or closed under us
            return new RawAnswer.Skipped(file + " was stopped: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a continuation of a notification in this context (a fetch's answer resolving its Promise, and what the
     * hook does after its await), on the caller's thread, under the lock and the call's time limit. Skipped when
     * the module was unloaded meanwhile.
     */
    void deliver(FetchBridge.Budget budget, Runnable js) {
        if (!acquire(Duration.ofSeconds(5))) {
            LOG.warn(file + ": a tk.fetch answer was dropped: the module stayed busy for 5 s");
            return;
        }
        try {
            if (closed || dead) {
                return;
            }
            context.resetLimits();
            log.newCall();
            bridge.current(budget);
            Watchdog.Armed deadline = Watchdog.arm(context, asyncLimit, file + " " + budget.hook.export() + " (after await)");
            try {
                js.run();
            } finally {
                deadline.disarm();
                bridge.current(null);
            }
        } catch (PolyglotException e) {
            if (e.isCancelled() || e.isResourceExhausted() && !stillUsable()) {
                dead = true;
            }
            asyncErrors.accept(bridge.secrets().mask(GuestErrors.of(e, file, budget.hook.export(), line(budget.hook),
                    asyncLimit, clock.now())));
        } catch (IllegalStateException e) {
            dead = true;
        } finally {
            lock.unlock();
        }
    }

    // "Error: message\n    at onTunnelDown (file.mjs:12:5)...": the message, and the first line of this file
    private HookError asyncError(HookName hook, String failure) {
        String[] lines = failure.split("\n");
        int line = line(hook);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(file) + ":(\\d+)")
                .matcher(failure);
        if (m.find()) {
            line = Integer.parseInt(m.group(1));
        }
        return new HookError(file, line, hook.export(), HookError.Kind.THROW, "threw " + lines[0] + " (after an await)",
                clock.now());
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
