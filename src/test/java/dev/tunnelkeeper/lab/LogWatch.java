package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Waits for a readiness line in a process's log file, and fails early, with the log, if the process exits. */
final class LogWatch {
    private static final Duration POLL = Duration.ofMillis(10);

    private LogWatch() {
    }

    /**
     * Waits until the log, read from {@code fromOffset} (so a restarted process is not fooled by its
     * previous run), contains {@code needle}.
     */
    static void awaitLine(Path log, long fromOffset, String needle, Process process, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (read(log, fromOffset).contains(needle)) {
                return;
            }
            if (!process.isAlive()) {
                throw new LabException(what + " exited with code " + process.exitValue() + " before logging '" + needle
                        + "'; its log " + log + " ends with:\n" + tail(log, fromOffset));
            }
            if (System.nanoTime() > deadline) {
                throw new LabException(what + " did not log '" + needle + "' within " + timeout.toMillis()
                        + " ms; its log " + log + " ends with:\n" + tail(log, fromOffset));
            }
            sleep(POLL);
        }
    }

    /** The last lines of a log written since {@code fromOffset}, for error messages. */
    static String tail(Path log, long fromOffset) {
        List<String> lines = read(log, fromOffset).lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
    }

    static String read(Path log, long fromOffset) {
        try (FileChannel channel = FileChannel.open(log)) {
            long length = channel.size() - fromOffset;
            if (length <= 0) {
                return "";
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(length, 4 << 20));
            channel.read(buffer, fromOffset);
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while waiting", e);
        }
    }
}
