package dev.tunnelkeeper.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Runs nothing: records every command, answers short ones from a script, and hands out children the test
 * drives (their output lines and their exit).
 */
public final class FakeLauncher implements ProcessLauncher {
    public final List<List<String>> commands = new CopyOnWriteArrayList<>();
    /** What each command got on its standard input ("" for none), in the order of {@link #commands}. */
    public final List<String> inputs = new CopyOnWriteArrayList<>();
    public final List<FakeChild> children = new CopyOnWriteArrayList<>();
    /** Completes when the first child is started. */
    public final CompletableFuture<FakeChild> firstChild = new CompletableFuture<>();
    private volatile BiFunction<List<String>, String, CommandResult> answers = (c, in) -> new CommandResult(c, 0, "", "");

    /** How short commands answer (default: status 0, no output). */
    public void answer(Function<List<String>, CommandResult> script) {
        this.answers = (c, in) -> script.apply(c);
    }

    /** The same for a script that also reads what the command got on its standard input. */
    public void answerWithInput(BiFunction<List<String>, String, CommandResult> script) {
        this.answers = script;
    }

    @Override
    public ChildProcess start(List<String> command, Map<String, String> environment, Path workingDirectory,
                              Consumer<String> onLine) {
        record(command, "");
        FakeChild child = new FakeChild(command, environment, workingDirectory, onLine);
        children.add(child);
        firstChild.complete(child);
        return child;
    }

    @Override
    public CommandResult run(List<String> command, String stdin, Duration timeout) {
        record(command, stdin);
        return answers.apply(command, stdin);
    }

    private synchronized void record(List<String> command, String stdin) {
        commands.add(List.copyOf(command));
        inputs.add(stdin);
    }

    /** The commands run so far, each joined with spaces. */
    public List<String> commandLines() {
        List<String> lines = new ArrayList<>();
        commands.forEach(c -> lines.add(String.join(" ", c)));
        return lines;
    }

    /** {@link #commandLines()}, each followed by its standard input's lines as "  < line": one process, its input. */
    public synchronized List<String> invocations() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            lines.add(String.join(" ", commands.get(i)));
            inputs.get(i).lines().forEach(l -> lines.add("  < " + l));
        }
        return lines;
    }

    public static final class FakeChild implements ChildProcess {
        public final List<String> command;
        public final Map<String, String> environment;
        public final Path workingDirectory;
        private final Consumer<String> onLine;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        public volatile boolean terminated;
        /** When false, SIGTERM is "ignored" and terminate reports a kill. */
        public volatile boolean exitsOnSigterm = true;

        FakeChild(List<String> command, Map<String, String> environment, Path workingDirectory, Consumer<String> onLine) {
            this.command = List.copyOf(command);
            this.environment = Map.copyOf(environment);
            this.workingDirectory = workingDirectory;
            this.onLine = onLine;
        }

        public void print(String line) {
            onLine.accept(line);
        }

        public void exit(int status) {
            exit.complete(status);
        }

        @Override
        public long pid() {
            return 4242;
        }

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public CompletableFuture<Termination> terminate(Duration grace) {
            terminated = true;
            boolean killed = !exitsOnSigterm && !exit.isDone();
            exit.complete(killed ? 137 : 0);
            return exit.thenApply(status -> new Termination(status, killed));
        }
    }
}
