package dev.tunnelkeeper.firewall;

import java.util.List;

/** How a command ended. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    public String commandLine() {
        return String.join(" ", command);
    }

    /** "`iptables-restore -w 5` exited with 2: ...": the command and its output on one line, for logs. */
    public String describe() {
        String output = oneLine(stderr + "\n" + stdout);
        return "`" + commandLine() + "` exited with " + exitCode + (output.isEmpty() ? " and printed nothing" : ": " + output);
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", " | ");
    }
}
