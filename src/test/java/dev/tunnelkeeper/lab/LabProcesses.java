package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Every process one lab started, so that closing the lab ends each of them by its PID. */
final class LabProcesses {
    static final Duration GRACE = Duration.ofSeconds(3);

    private final List<Process> running = new ArrayList<>();
    private boolean closed;

    /** Starts and tracks a process; refuses once the lab is closing, so nothing outlives it. */
    synchronized Process start(ProcessBuilder builder, String what) {
        if (closed) {
            throw new LabException("cannot start " + what + ": the lab is closed");
        }
        try {
            Process process = builder.start();
            running.add(process);
            return process;
        } catch (IOException e) {
            throw new LabException("cannot start " + what + " (`" + String.join(" ", builder.command()) + "`): "
                    + e.getMessage(), e);
        }
    }

    /** SIGTERM, then SIGKILL after the grace period; liveness comes from waitFor, never kill -0. */
    void stop(Process process) {
        synchronized (this) {
            running.remove(process);
        }
        askToExit(process);
        awaitExitOrKill(process, System.nanoTime() + GRACE.toNanos());
    }

    /** Stops every tracked process at once and refuses new ones. */
    void stopAll() {
        List<Process> snapshot;
        synchronized (this) {
            closed = true;
            snapshot = List.copyOf(running);
            running.clear();
        }
        snapshot.forEach(LabProcesses::askToExit);
        long deadline = System.nanoTime() + GRACE.toNanos();
        List<String> survivors = new ArrayList<>();
        for (Process process : snapshot) {
            if (!awaitExitOrKill(process, deadline)) {
                survivors.add(Long.toString(process.pid()));
            }
        }
        if (!survivors.isEmpty()) {
            throw new LabException("processes survived SIGKILL: " + String.join(", ", survivors));
        }
    }

    synchronized List<Long> pids() {
        return running.stream().filter(Process::isAlive).map(Process::pid).toList();
    }

    /** End of input first (a dial agent then exits on its own, quicker than a JVM on SIGTERM), then SIGTERM. */
    private static void askToExit(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // its stdin is already gone
        }
        process.destroy();
    }

    private static boolean awaitExitOrKill(Process process, long deadlineNanos) {
        try {
            long left = Math.max(0, deadlineNanos - System.nanoTime());
            if (process.waitFor(left, TimeUnit.NANOSECONDS)) {
                return true;
            }
            process.destroyForcibly();
            return process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
