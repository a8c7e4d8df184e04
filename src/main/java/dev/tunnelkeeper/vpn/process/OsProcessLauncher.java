package dev.tunnelkeeper.vpn.process;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    public CommandResult run(List<String> command, Duration timeout) throws IOException {
        List<String> full = withPrefix(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).redirectInput(DEV_NULL).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process),
                r -> Thread.ofVirtual().start(r));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("`" + String.join(" ", full) + "` did not finish within " + timeout.toMillis() + " ms");
            }
            return new CommandResult(full, process.exitValue(), output.get(1, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running `" + String.join(" ", full) + "`", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return new CommandResult(full, process.exitValue(), "");
        }
    }

    private static String readAll(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private List<String> withPrefix(List<String> command) {
        List<String> full = new ArrayList<>(prefix);
        full.addAll(command);
        return full;
    }
}
