package dev.tunnelkeeper.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations written and printed the way Go (and so gluetun users) write them: {@code 6s}, {@code 1m30s},
 * {@code 500ms}, {@code 1h0m0s}, {@code 1.5s}.
 */
public final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    private GoDuration() {
    }

    /** Parses a Go duration; throws IllegalArgumentException with a message fit for the user. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.startsWith("-")) {
            throw new IllegalArgumentException("negative durations are not allowed");
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        long nanos = 0;
        try {
            while (at < s.length()) {
                if (!m.find(at) || m.start() != at) {
                    throw new IllegalArgumentException("not a duration");
                }
                nanos = Math.addExact(nanos, nanos(m.group(1), NANOS_PER_UNIT.get(m.group(2))));
                at = m.end();
            }
            if (at == 0) {
                throw new IllegalArgumentException("not a duration");
            }
            return Duration.ofNanos(nanos);
        } catch (ArithmeticException | NumberFormatException e) {
            // Go's limit too (int64 nanoseconds); longValue() would wrap round to a wrong, even negative, duration
            throw new IllegalArgumentException("too long: at most 2562047h47m16.854775807s");
        }
    }

    /**
     * The exact nanoseconds of one part. Whole numbers (every default, most users' values) in long arithmetic:
     * BigDecimal's class initialization alone was ~5% of the start's settings reading in the image (JFR).
     */
    private static long nanos(String number, long unit) {
        if (number.indexOf('.') < 0) {
            return Math.multiplyExact(Long.parseLong(number), unit);
        }
        return new BigDecimal(number).multiply(BigDecimal.valueOf(unit)).longValueExact();
    }

    /** Formats as Go's time.Duration.String(): 6s, 11s, 1m0s, 1h2m3s, 1.5s, 500ms, 0s. */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        String sign = n < 0 ? "-" : "";
        n = Math.abs(n);
        if (n < 1_000_000_000L) {
            // Below a second Go picks the largest unit that keeps an integer part.
            if (n < 1_000L) {
                return sign + n + "ns";
            }
            if (n < 1_000_000L) {
                return sign + fraction(n, 1_000L) + "µs";
            }
            return sign + fraction(n, 1_000_000L) + "ms";
        }
        long hours = n / 3_600_000_000_000L;
        long rest = n % 3_600_000_000_000L;
        long minutes = rest / 60_000_000_000L;
        rest = rest % 60_000_000_000L;
        String seconds = fraction(rest, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    // "1.5" for (1_500, 1_000): the integer part, then the fraction without trailing zeros.
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long frac = value % unit;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String digits = String.format("%0" + Long.toString(unit).length() + "d", frac).substring(1);
        return whole + "." + digits.replaceAll("0+$", "");
    }
}
