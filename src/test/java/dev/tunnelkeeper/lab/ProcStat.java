package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Liveness of a process we did not spawn, from /proc/PID/stat: PID 1 here reaps orphans late and
 * {@code kill -0} succeeds on zombies, so a zombie counts as gone.
 */
final class ProcStat {
    private ProcStat() {
    }

    static boolean isRunning(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            return false;
        }
        // The command name in parentheses may contain spaces: the state follows the last ')'.
        int end = stat.lastIndexOf(')');
        if (end < 0 || end + 2 >= stat.length()) {
            return false;
        }
        char state = stat.charAt(end + 2);
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** Sends SIGTERM, waits up to {@code grace}, then SIGKILL; returns whether the process is gone. */
    static boolean terminate(long pid, Duration grace) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        if (awaitGone(pid, grace)) {
            return true;
        }
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        return awaitGone(pid, Duration.ofSeconds(2));
    }

    private static boolean awaitGone(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isRunning(pid)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LogWatch.sleep(Duration.ofMillis(10));
        }
        return true;
    }
}
