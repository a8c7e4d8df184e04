package dev.tunnelkeeper.process;

import java.time.Duration;
import java.util.List;

/** Runs the short tools (ip, wg) with one time limit, turning failures into errors that show the command and its output. */
public final class ShortCommands {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final CommandRunner runner;
    private final Duration timeout;

    public ShortCommands(CommandRunner runner) {
        this(runner, DEFAULT_TIMEOUT);
    }

    public ShortCommands(CommandRunner runner, Duration timeout) {
        this.runner = runner;
        this.timeout = timeout;
    }

    /** Runs the command; returns its standard output, or throws if it cannot run or exits non-zero. */
    public String check(List<String> command) throws CommandException {
        CommandResult result = runner.run(command, timeout);
        if (!result.succeeded()) {
            throw new CommandException(result.describe());
        }
        return result.stdout();
    }

    /** Runs the command and reports how it went, never throwing: for clean-up steps that may find nothing to do. */
    public CommandResult attempt(List<String> command) {
        return attempt(command, "");
    }

    /** The same with {@code stdin} as the command's standard input (for tools that read commands from it). */
    public CommandResult attempt(List<String> command, String stdin) {
        try {
            return runner.run(command, stdin, timeout);
        } catch (CommandException e) {
            return new CommandResult(command, -1, "", e.getMessage());
        }
    }
}
