package dev.tunnelkeeper.control;

import io.helidon.http.Status;

/**
 * A request the control API cannot act on; the message says what was wrong and what would be valid (answered as 400,
 * or the status given: 413 for a body over the limit).
 */
public final class BadRequest extends RuntimeException {
    private final transient Status status;

    public BadRequest(String message) {
        this(Status.BAD_REQUEST_400, message);
    }

    public BadRequest(Status status, String message) {
        super(message);
        this.status = status;
    }

    public Status status() {
        return status;
    }
}
