package dev.tunnelkeeper.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A real child: SIGTERM via {@link Process#destroy()}, SIGKILL via {@link Process#destroyForcibly()}. */
final class OsChildProcess implements ChildProcess {
    // After the child exits, a grandchild could still hold the pipe open: do not wait for its EOF forever.
    private static final long OUTPUT_DRAIN_MS = 1000;

    private final Process process;
    private final CompletableFuture<Integer> exit;
    private CompletableFuture<Termination> termination;

    OsChildProcess(Process process, CompletableFuture<Void> outputDone) {
        this.process = process;
        this.exit = process.onExit().thenCompose(p -> outputDone
                .completeOnTimeout(null, OUTPUT_DRAIN_MS, TimeUnit.MILLISECONDS)
                .thenApply(ignored -> p.exitValue()));
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    @Override
    public synchronized CompletableFuture<Termination> terminate(Duration grace) {
        if (termination == null) {
            termination = new CompletableFuture<>();
            Thread.ofVirtual().name("terminate-" + process.pid()).start(() -> terminateNow(grace));
        }
        return termination;
    }

    private void terminateNow(Duration grace) {
        boolean killed = false;
        try {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                killed = true;
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            termination.complete(new Termination(exit.get(), killed));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            termination.completeExceptionally(e);
        } catch (java.util.concurrent.ExecutionException e) {
            termination.completeExceptionally(e.getCause());
        }
    }
}
