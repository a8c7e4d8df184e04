package dev.tunnelkeeper.vpn.process;

import java.util.List;

/** A finished short command: what ran, its exit status and its output (stdout and stderr merged). */
public record CommandResult(List<String> command, int exitStatus, String output) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    /** For error messages: the command, its status and what it printed. */
    public String describe() {
        String printed = output.strip();
        return "`" + String.join(" ", command) + "` exited with status " + exitStatus
                + (printed.isEmpty() ? " and printed nothing" : ": " + printed.replace('\n', ' '));
    }
}
