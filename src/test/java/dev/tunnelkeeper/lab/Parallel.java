package dev.tunnelkeeper.lab;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/** Runs independent lab steps at once (lab start time is the longest step, not the sum). */
final class Parallel {
    static final Executor VIRTUAL_THREADS = task -> Thread.ofVirtual().name("lab-", 0).start(task);

    private Parallel() {
    }

    /** Runs every task, waits for all, and throws the first failure with the others suppressed. */
    static void run(List<Runnable> tasks) {
        List<CompletableFuture<Void>> running = tasks.stream()
                .map(task -> CompletableFuture.runAsync(task, VIRTUAL_THREADS))
                .toList();
        RuntimeException first = null;
        for (CompletableFuture<Void> future : running) {
            try {
                future.join();
            } catch (CompletionException e) {
                RuntimeException failure = asRuntime(e.getCause());
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    static void run(Runnable... tasks) {
        run(List.of(tasks));
    }

    private static RuntimeException asRuntime(Throwable cause) {
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new LabException(String.valueOf(cause.getMessage()), cause);
    }
}
