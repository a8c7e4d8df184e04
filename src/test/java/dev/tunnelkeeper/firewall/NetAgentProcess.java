package dev.tunnelkeeper.firewall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A {@link NetAgent} JVM running in one namespace; {@link #close()} ends that process (by its handle) only. */
final class NetAgentProcess implements AutoCloseable {
    /** What a dial gave: the outcome word and how long it took. */
    record Outcome(String result, long ms) {
        static Outcome parse(String line) {
            String[] words = line.split(" ");
            return new Outcome(words[0], words.length > 1 ? Long.parseLong(words[1]) : -1);
        }
    }

    private final String namespace;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private NetAgentProcess(String namespace, Process process) {
        this.namespace = namespace;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("error:agent-output-closed");
            }
        });
    }

    static NetAgentProcess start(String namespace, Path log) {
        List<String> command = List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-XX:-UsePerfData",
                "-Xmx16m", "-Xss256k", "-cp", classesDirectory(), NetAgent.class.getName());
        try {
            Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            NetAgentProcess agent = new NetAgentProcess(namespace, process);
            try {
                agent.expect("ready", 20_000);
            } catch (IllegalStateException e) {
                agent.close();
                throw new IllegalStateException(e.getMessage() + "; its stderr: " + readQuietly(log), e);
            }
            return agent;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the agent in " + namespace, e);
        }
    }

    String ask(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the agent in " + namespace + " is gone", e);
        }
        return next(20_000);
    }

    void listenTcp(int port) {
        expectAnswer("listen-tcp " + port, "ok");
    }

    void listenUdp(int port) {
        expectAnswer("listen-udp " + port, "ok");
    }

    Outcome tcp(String host, int port, int timeoutMs) {
        return Outcome.parse(ask("tcp " + host + " " + port + " " + timeoutMs));
    }

    Outcome udp(String host, int port, int timeoutMs) {
        return Outcome.parse(ask("udp " + host + " " + port + " " + timeoutMs));
    }

    private void expectAnswer(String command, String expected) {
        String answer = ask(command);
        if (!answer.equals(expected)) {
            throw new IllegalStateException("agent in " + namespace + ": `" + command + "` answered " + answer);
        }
    }

    private void expect(String expected, long timeoutMs) {
        String line = next(timeoutMs);
        if (!line.equals(expected)) {
            throw new IllegalStateException("agent in " + namespace + " said " + line + " instead of " + expected);
        }
    }

    private String next(long timeoutMs) {
        try {
            String line = lines.poll(timeoutMs, TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("agent in " + namespace + " did not answer within " + timeoutMs + " ms");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the agent in " + namespace, e);
        }
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException e) {
            // already gone: make sure below
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static String classesDirectory() {
        try {
            return Path.of(NetAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes", e);
        }
    }
}
