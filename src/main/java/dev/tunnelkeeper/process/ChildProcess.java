package dev.tunnelkeeper.process;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A running child process started by a {@link ProcessLauncher}. */
public interface ChildProcess {

    long pid();

    /** Completes with the exit status once the child has exited and its output has been read to the end. */
    CompletableFuture<Integer> exit();

    /**
     * SIGTERM, then SIGKILL (to it and anything it started) if it is still alive after {@code grace}.
     * Completes when it is gone; calling it again, or on a child that already exited, is harmless.
     */
    CompletableFuture<Termination> terminate(Duration grace);

    /** How a child ended when asked to: its exit status, and whether SIGKILL was needed. */
    record Termination(int exitStatus, boolean killed) {
    }
}
