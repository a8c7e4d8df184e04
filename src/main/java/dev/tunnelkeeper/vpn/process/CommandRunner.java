package dev.tunnelkeeper.vpn.process;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** Runs the short tools (ip, wg) with a time limit, turning failures into errors that show the command and its output. */
public final class CommandRunner {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final ProcessLauncher launcher;
    private final Duration timeout;

    public CommandRunner(ProcessLauncher launcher) {
        this(launcher, DEFAULT_TIMEOUT);
    }

    public CommandRunner(ProcessLauncher launcher, Duration timeout) {
        this.launcher = launcher;
        this.timeout = timeout;
    }

    /** Runs the command; returns its output, or throws if it cannot run or exits non-zero. */
    public String check(List<String> command) throws CommandException {
        CommandResult result = attempt(command);
        if (!result.succeeded()) {
            throw new CommandException(result.describe());
        }
        return result.output();
    }

    /** Runs the command and reports how it went, never throwing: for clean-up steps that may find nothing to do. */
    public CommandResult attempt(List<String> command) {
        try {
            return launcher.run(command, timeout);
        } catch (IOException e) {
            return new CommandResult(command, -1, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
