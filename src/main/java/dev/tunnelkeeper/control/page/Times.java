package dev.tunnelkeeper.control.page;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as people read them: the local clock time ({@code 14:03:27}, with the date when it is not today) and how long
 * ago ({@code 2 min ago}). Every time on the page is a {@code <time datetime="ISO">} element with this text, so the
 * page reads well without scripts; the page's script rewrites the text in the browser's own time zone and keeps the
 * "ago" current, with the same words (see {@link StatusPage}'s script).
 */
final class Times {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter DATED = DateTimeFormatter.ofPattern("MMM d HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter AXIS = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

    private Times() {
    }

    /** {@code 14:03:27} today, {@code Dec 5 23:59:01} another day (days as the zone counts them). */
    static String local(Instant at, Instant now, ZoneId zone) {
        ZonedDateTime t = at.atZone(zone);
        LocalDate today = now.atZone(zone).toLocalDate();
        return (t.toLocalDate().equals(today) ? CLOCK : DATED).format(t);
    }

    /** {@code 14:05} for the timeline's axis, or {@code 14:05:30} when its ticks are less than a minute apart. */
    static String axis(Instant at, ZoneId zone, boolean seconds) {
        return (seconds ? CLOCK : AXIS).format(at.atZone(zone));
    }

    /** {@code just now}, {@code 42 s ago}, {@code 2 min ago}, {@code 3 h 5 min ago}, {@code 2 d ago}; {@code in 3 s} ahead. */
    static String ago(Instant at, Instant now) {
        long s = Duration.between(at, now).toSeconds();
        if (s < 0) {
            return "in " + (-s) + " s";
        }
        if (s < 5) {
            return "just now";
        }
        if (s < 60) {
            return s + " s ago";
        }
        if (s < 3600) {
            return s / 60 + " min ago";
        }
        if (s < 86_400) {
            long m = s / 60 % 60;
            return s / 3600 + " h" + (m == 0 ? "" : " " + m + " min") + " ago";
        }
        return s / 86_400 + " d ago";
    }

    /** A length of time in the same words: {@code 45 s}, {@code 3 min 20 s}, {@code 2 h 5 min}. */
    static String length(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
        }
        return s / 3600 + " h" + (s / 60 % 60 == 0 ? "" : " " + s / 60 % 60 + " min");
    }

    /** The element every time on the page is: machine time in the attribute, local and relative time as text. */
    static String element(Instant at, Instant now, ZoneId zone) {
        return "<time datetime=\"" + at + "\">" + Html.escape(local(at, now, zone) + " (" + ago(at, now) + ")") + "</time>";
    }
}
