package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs short commands to completion within a time limit; a failure names the command and shows its output. */
final class Commands {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private Commands() {
    }

    record Result(List<String> command, int exitCode, String stdout, String stderr) {
        boolean succeeded() {
            return exitCode == 0;
        }

        String describe() {
            String output = (stderr.strip() + "\n" + stdout.strip()).strip();
            return "`" + String.join(" ", command) + "` exited with " + exitCode
                    + (output.isEmpty() ? " and printed nothing" : ": " + output);
        }
    }

    static Result run(List<String> command, String input, Duration timeout) {
        return run(command, java.util.Map.of(), input, timeout);
    }

    /** With these variables added to the environment. */
    static Result run(List<String> command, java.util.Map<String, String> env, String input, Duration timeout) {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new LabException("cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        feed(process, input);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                throw new LabException("`" + String.join(" ", command) + "` did not finish within " + timeout.toMillis()
                        + " ms; output so far: " + stderr.getNow("") + stdout.getNow(""));
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        return new Result(command, process.exitValue(), stdout.join(), stderr.join());
    }

    /** Runs the command and returns its stdout, or throws if it exits non-zero. */
    static String check(List<String> command, String input) {
        Result result = run(command, input, DEFAULT_TIMEOUT);
        if (!result.succeeded()) {
            throw new LabException(result.describe());
        }
        return result.stdout();
    }

    static String check(List<String> command) {
        return check(command, null);
    }

    private static void feed(Process process, String input) {
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command exited without reading its input: its exit code and output tell why.
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Parallel.VIRTUAL_THREADS);
    }
}
