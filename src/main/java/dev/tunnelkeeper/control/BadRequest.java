package dev.tunnelkeeper.control;

/** A request the control API cannot act on; the message says what was wrong and what would be valid (answered as 400). */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
