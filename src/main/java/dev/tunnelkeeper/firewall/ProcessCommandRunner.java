package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs commands with ProcessBuilder: stdin fed, stdout and stderr read concurrently, killed at the time limit. */
public final class ProcessCommandRunner implements CommandRunner {

    @Override
    public CommandResult run(List<String> command, String stdin, Duration timeout) throws FirewallException {
        String line = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new FirewallException("cannot run `" + line + "`: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = readAll(process.getInputStream());
        CompletableFuture<String> stderr = readAll(process.getErrorStream());
        feed(process, stdin);
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(1, TimeUnit.SECONDS);
                String soFar = (stderr.getNow("") + " " + stdout.getNow("")).strip();
                throw new FirewallException("`" + line + "` did not finish within " + timeout.toMillis() + " ms and was killed"
                        + (soFar.isEmpty() ? "" : "; output so far: " + soFar));
            }
            return new CommandResult(command, process.exitValue(), rest(stdout), rest(stderr));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new FirewallException("interrupted while running `" + line + "`", e);
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

    private static void feed(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The command exited without reading all of its input: its exit code and output say why.
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
}
