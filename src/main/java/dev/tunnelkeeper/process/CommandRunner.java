package dev.tunnelkeeper.process;

import java.time.Duration;
import java.util.List;

/**
 * Runs one command to completion: the seam where unit tests see the commands and the text given to them
 * (iptables-restore's rules, say) and answer as the tool would.
 */
@FunctionalInterface
public interface CommandRunner {
    /**
     * @param stdin written to the command's standard input, then closed
     * @return the exit status and output, whatever the exit status
     * @throws CommandException when the command cannot be started or does not finish in time (it is then killed)
     */
    CommandResult run(List<String> command, String stdin, Duration timeout) throws CommandException;

    /** Runs the command with nothing on its standard input. */
    default CommandResult run(List<String> command, Duration timeout) throws CommandException {
        return run(command, "", timeout);
    }
}
