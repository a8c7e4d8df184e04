package dev.tunnelkeeper.control.page;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** The timeline's span, chosen with {@code ?range=10m|1h|24h}; anything else is the default, an hour. */
public enum PageRange {
    TEN_MINUTES("10m", "10 min", Duration.ofMinutes(10)),
    HOUR("1h", "1 h", Duration.ofHours(1)),
    DAY("24h", "24 h", Duration.ofHours(24));

    public static final PageRange DEFAULT = HOUR;

    private final String id;
    private final String label;
    private final Duration span;

    PageRange(String id, String label, Duration span) {
        this.id = id;
        this.label = label;
        this.span = span;
    }

    /** The range a query parameter names, or the default. */
    public static PageRange parse(Optional<String> query) {
        return query.flatMap(q -> Arrays.stream(values()).filter(r -> r.id.equals(q)).findFirst()).orElse(DEFAULT);
    }

    /** As the query parameter writes it: {@code 10m}. */
    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    public Duration span() {
        return span;
    }
}
