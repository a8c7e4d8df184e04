package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;

/**
 * Stops a hook call that runs past its limit. The calling thread is busy running the hook, so another thread calls
 * {@link Context#interrupt(Duration)} at the deadline: usually 2-16 ms to stop a loop, and the context (with the
 * module's state) stays usable. A script can catch the interrupt, and on a cold path it may take 200 ms to land, so
 * after {@link #GRACE} the context is cancelled instead (about 2 ms): the call ends, the context is dead and its
 * module is loaded again, fresh. Nothing stops a hook inside one long host operation (a single huge allocation).
 */
final class Watchdog {
    static final Duration GRACE = Duration.ofMillis(15);
    private static final Log LOG = Log.of("hooks");
    private static final ScheduledExecutorService TIMER = timer();

    private Watchdog() {
    }

    // Almost every deadline is cancelled: remove them at once rather than keep them queued until they expire.
    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hook-watchdog");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /** Arms the interrupt for one call; disarm it when the call returns, before the context is used again. */
    static Armed arm(Context context, Duration limit, String what) {
        return new Armed(TIMER.schedule(() -> stop(context, what), limit.toNanos(), TimeUnit.NANOSECONDS));
    }

    private static void stop(Context context, String what) {
        try {
            context.interrupt(GRACE);
        } catch (TimeoutException e) {
            LOG.warn(what + " did not stop within " + GRACE.toMillis() + " ms of being interrupted: its context is cancelled");
            try {
                context.close(true);
            } catch (RuntimeException ignored) {
                // cancelling throws in the calling thread, which is what we want; here there is nothing left to do
            }
        } catch (RuntimeException e) {
            // the context was closed meanwhile: nothing runs in it any more
        }
    }

    /** One armed deadline. */
    static final class Armed {
        private final ScheduledFuture<?> interrupt;

        private Armed(ScheduledFuture<?> interrupt) {
            this.interrupt = interrupt;
        }

        /** Disarms; if the interrupt is already under way, waits for it, so it cannot hit the context's next call. */
        void disarm() {
            if (interrupt.cancel(false)) {
                return;
            }
            try {
                interrupt.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                // the interrupt itself failed: it is logged there, or there was nothing to stop
            }
        }
    }
}
