package dev.tunnelkeeper.vpn.process;

/** A short command failed; the message names the command, its exit status and its output. */
public final class CommandException extends Exception {
    public CommandException(String message) {
        super(message);
    }
}
