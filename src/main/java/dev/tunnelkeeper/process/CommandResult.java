package dev.tunnelkeeper.process;

import java.util.List;

/** How a finished command ended: what ran, its exit status and what it printed on each stream. */
public record CommandResult(List<String> command, int exitStatus, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitStatus == 0;
    }

    public String commandLine() {
        return String.join(" ", command);
    }

    /** Both streams, standard output first: for looking for a message whichever stream carried it. */
    public String output() {
        return stdout + stderr;
    }

    /** "`ip link add wg0 type wireguard` exited with status 2: ...": the command and its output on one line, for logs. */
    public String describe() {
        String printed = oneLine(stderr + "\n" + stdout);
        return "`" + commandLine() + "` exited with status " + exitStatus
                + (printed.isEmpty() ? " and printed nothing" : ": " + printed);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
