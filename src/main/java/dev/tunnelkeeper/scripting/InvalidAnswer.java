package dev.tunnelkeeper.scripting;

/** An answer the API does not allow; the message says what came back and what would be valid. */
final class InvalidAnswer extends Exception {
    InvalidAnswer(String message) {
        super(message, null, false, false);
    }
}
