package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.ShortCommands;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several IPv4 {@code ip} commands in one process: {@code ip -4 -batch -} reads them from its standard input, one per
 * line, without the leading {@code ip -4}. A WireGuard restart runs about ten of them, and each process of its own
 * costs ~8 ms in the image (bench/container.sh, VPN restart).
 */
final class IpBatch {
    private static final Pattern FAILED_LINE = Pattern.compile("^Command failed -:(\\d+)$");

    /** One line of a batch that failed, with what ip said about it. */
    record Failure(String line, String message) {
        /** "`ip -4 rule add ...` failed: RTNETLINK answers: ...", as if the line had run on its own. */
        String describe() {
            return line.isEmpty() ? message : "`ip -4 " + line + "` failed: " + message;
        }
    }

    private IpBatch() {
    }

    /** Runs the lines in order and stops at the first that fails; throws naming that line and what ip said. */
    static void check(ShortCommands commands, List<String> lines) throws CommandException {
        if (lines.isEmpty()) {
            return;
        }
        CommandResult result = commands.attempt(List.of("ip", "-4", "-batch", "-"), input(lines));
        if (!result.succeeded()) {
            List<Failure> failures = failures(lines, result);
            throw new CommandException(failures.getFirst().describe());
        }
    }

    /** Runs every line, also after one fails ({@code -force}); returns the lines that failed. */
    static List<Failure> attempt(ShortCommands commands, List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        CommandResult result = commands.attempt(List.of("ip", "-4", "-force", "-batch", "-"), input(lines));
        return result.succeeded() ? List.of() : failures(lines, result);
    }

    /**
     * The failed lines from ip's report: each failure's message, then "Command failed -:N" naming its line. A batch
     * that failed without naming a line (ip missing, a timeout) is one failure with an empty line.
     */
    static List<Failure> failures(List<String> lines, CommandResult result) {
        List<Failure> failures = new ArrayList<>();
        List<String> message = new ArrayList<>();
        for (String printed : result.output().lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            Matcher failed = FAILED_LINE.matcher(printed);
            if (failed.matches()) {
                int number = Integer.parseInt(failed.group(1));
                String line = number >= 1 && number <= lines.size() ? lines.get(number - 1) : "line " + number;
                failures.add(new Failure(line, message.isEmpty() ? "no reason given" : String.join(" | ", message)));
                message.clear();
            } else {
                message.add(printed);
            }
        }
        if (failures.isEmpty()) {
            failures.add(new Failure("", result.describe()));
        }
        return failures;
    }

    private static String input(List<String> lines) {
        return String.join("\n", lines) + "\n";
    }
}
