package dev.tunnelkeeper.lab;

import java.time.Duration;

/**
 * The outcome of one TCP dial from inside a lab namespace.
 *
 * @param connected whether the connection was made and the answer read
 * @param answer    what the far end wrote, trimmed (e.g. "s1"); empty on failure
 * @param error     why the dial failed, starting with "timeout" when it ran out of time; empty on success
 * @param elapsed   how long the dial took
 */
public record DialResult(boolean connected, String answer, String error, Duration elapsed) {
    public boolean timedOut() {
        return !connected && error.startsWith("timeout");
    }

    static DialResult parse(String reply) {
        String[] parts = reply.split(" ", 3);
        if (parts.length < 2 || !(parts[0].equals("OK") || parts[0].equals("FAIL"))) {
            throw new LabException("dial agent sent an unexpected reply: " + reply);
        }
        boolean connected = parts[0].equals("OK");
        String text = parts.length == 3 ? parts[2] : "";
        Duration elapsed = Duration.ofMillis(Long.parseLong(parts[1]));
        return connected ? new DialResult(true, text, "", elapsed) : new DialResult(false, "", text, elapsed);
    }

    @Override
    public String toString() {
        return (connected ? "answered '" + answer + "'" : "failed: " + error) + " after " + elapsed.toMillis() + " ms";
    }
}
