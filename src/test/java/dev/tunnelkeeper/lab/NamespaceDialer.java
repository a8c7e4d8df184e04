package dev.tunnelkeeper.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The host side of a {@link DialAgent} running in one lab namespace. */
final class NamespaceDialer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final String namespace;
    private final Process agent;
    private final BufferedReader replies;
    private final PrintStream requests;

    private NamespaceDialer(String namespace, Process agent) {
        this.namespace = namespace;
        this.agent = agent;
        this.replies = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8));
        this.requests = new PrintStream(agent.getOutputStream(), true, StandardCharsets.UTF_8);
    }

    static NamespaceDialer start(String namespace, LabNames names, LabProcesses processes, Path errorLog) {
        ProcessBuilder builder = new ProcessBuilder(HelperJvm.command(namespace, names, DialAgent.class))
                .redirectError(ProcessBuilder.Redirect.appendTo(errorLog.toFile()));
        NamespaceDialer dialer = new NamespaceDialer(namespace, processes.start(builder, "dial agent in " + namespace));
        String first = dialer.readReply(START_TIMEOUT);
        if (!"READY".equals(first)) {
            throw new LabException("dial agent in " + namespace + " did not start (said " + first + "); see " + errorLog);
        }
        return dialer;
    }

    synchronized DialResult dial(String ip, int port, Duration timeout) {
        requests.println("DIAL " + ip + " " + port + " " + timeout.toMillis());
        return DialResult.parse(readReply(timeout.plusSeconds(10)));
    }

    boolean isAlive() {
        return agent.isAlive();
    }

    private String readReply(Duration timeout) {
        CompletableFuture<String> reply = CompletableFuture.supplyAsync(this::readLine, Parallel.VIRTUAL_THREADS);
        try {
            String line = reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new LabException("dial agent in " + namespace + " exited (pid " + agent.pid() + ")");
            }
            return line;
        } catch (TimeoutException e) {
            agent.destroyForcibly(); // a late reply would answer the next request: this agent is done
            throw new LabException("dial agent in " + namespace + " did not answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw new LabException("dial agent in " + namespace + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while dialing from " + namespace, e);
        }
    }

    private String readLine() {
        try {
            return replies.readLine();
        } catch (IOException e) {
            throw new LabException("cannot read from the dial agent in " + namespace + ": " + e.getMessage(), e);
        }
    }
}
