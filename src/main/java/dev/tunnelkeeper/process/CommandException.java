package dev.tunnelkeeper.process;

/** A command could not run, did not finish in time, or failed; the message names the command and what it printed. */
public final class CommandException extends Exception {
    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
