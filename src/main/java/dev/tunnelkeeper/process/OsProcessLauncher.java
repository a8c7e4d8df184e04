package dev.tunnelkeeper.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs real programs. An optional command prefix (e.g. {@code ip netns exec NAME}) makes every command run
 * inside another network namespace: the lab uses it so the JVM never touches the host's network.
 * {@code ip netns exec} execs the program in place, so the PID held is the program's own.
 */
public final class OsProcessLauncher implements ProcessLauncher {
    private static final File DEV_NULL = new File("/dev/null");
    private final List<String> prefix;

    public OsProcessLauncher() {
        this(List.of());
    }

    public OsProcessLauncher(List<String> prefix) {
        this.prefix = List.copyOf(prefix);
    }

    @Override
    public ChildProcess start(List<String> command, Map<String, String> environment, Path workingDirectory,
                              Consumer<String> onLine) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(withPrefix(command))
                .redirectErrorStream(true)
                .redirectInput(DEV_NULL); // a child asking for a password gets EOF, not a hang
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process = builder.start();
        CompletableFuture<Void> outputDone = new CompletableFuture<>();
        Thread.ofVirtual().name("output-" + process.pid()).start(() -> relay(process, onLine, outputDone));
        return new OsChildProcess(process, outputDone);
    }

    private static void relay(Process process, Consumer<String> onLine, CompletableFuture<Void> done) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    onLine.accept(line);
                } catch (RuntimeException e) {
                    // a faulty listener must not stop the reading: an unread pipe would block the child
                }
            }
        } catch (IOException e) {
            // the pipe closed under us: the child is gone
        } finally {
            done.complete(null);
        }
    }

    @Override
    public CommandResult run(List<String> command, String stdin, Duration timeout) throws CommandException {
        List<String> full = withPrefix(command);
        String line = String.join(" ", full);
        Process process;
        try {
            process = new ProcessBuilder(full).start();
        } catch (IOException e) {
            throw new CommandException("cannot run `" + line + "`: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        feed(process, stdin);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.SECONDS);
                String soFar = (stderr.getNow("") + " " + stdout.getNow("")).strip();
                throw new CommandException("`" + line + "` did not finish within " + timeout.toMillis() + " ms and was killed"
                        + (soFar.isEmpty() ? "" : "; output so far: " + soFar));
            }
            return new CommandResult(full, process.exitValue(), rest(stdout), rest(stderr));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandException("interrupted while running `" + line + "`", e);
        }
    }

    // The output is complete once the process has exited, unless a child it left behind still holds the pipe.
    private static String rest(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(1, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return output.getNow("");
        }
    }

    // Empty input closes the pipe at once: a command asking for a password gets EOF, not a hang.
    private static void feed(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited without reading all of its input: its exit status and output say why.
        }
    }

    private static CompletableFuture<String> readAll(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }

    private List<String> withPrefix(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return full;
    }
}
