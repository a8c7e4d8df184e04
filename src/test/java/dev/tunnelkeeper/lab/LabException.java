package dev.tunnelkeeper.lab;

/** A lab operation failed; the message names the command or step and shows its output. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
