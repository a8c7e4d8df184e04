package dev.tunnelkeeper.config;

/**
 * A value that must never be printed: passwords, private keys, API keys.
 * {@link #toString()} masks it, so a Secret that slips into a log line or an exception still leaks nothing.
 */
public record Secret(String value) {
    public static final Secret NONE = new Secret("");

    public boolean isSet() {
        return !value.isEmpty();
    }

    /** What logs and API answers show instead of the value. */
    public String masked() {
        return isSet() ? "[set]" : "[not set]";
    }

    @Override
    public String toString() {
        return masked();
    }
}
