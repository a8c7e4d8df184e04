package dev.tunnelkeeper.process;

import dev.tunnelkeeper.config.Secret;
import java.util.List;
import java.util.Objects;

/**
 * Masks secrets in a child's output before it is logged or kept. The programs do not print them, but a high
 * verbosity or a future version might: this is the last line of defence.
 */
public final class Redactor {
    // Shorter values would mask ordinary words.
    private static final int MIN_LENGTH = 4;
    private final List<String> values;

    public Redactor(List<Secret> secrets) {
        this.values = secrets.stream().filter(Objects::nonNull).map(Secret::value)
                .filter(v -> v.length() >= MIN_LENGTH).toList();
    }

    public String apply(String line) {
        String result = line;
        for (String value : values) {
            result = result.replace(value, "[redacted]");
        }
        return result;
    }
}
