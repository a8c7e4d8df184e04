package dev.tunnelkeeper.log;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** {@code <RFC 3339 time> <LEVEL> [<component>] <message>}, one line per event. */
public final class LineFormatter extends Formatter {
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    @Override
    public String format(LogRecord record) {
        String message = formatMessage(record);
        if (record.getThrown() != null) {
            // One line: the cause's own words, never a stack trace.
            message = message + ": " + record.getThrown();
        }
        return RFC3339.format(Instant.ofEpochMilli(record.getMillis())) + " " + levelName(record.getLevel())
                + " [" + component(record.getLoggerName()) + "] " + message.replace('\n', ' ') + System.lineSeparator();
    }

    static String levelName(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return "ERROR";
        }
        if (v >= Level.WARNING.intValue()) {
            return "WARN";
        }
        if (v >= Level.INFO.intValue()) {
            return "INFO";
        }
        return "DEBUG";
    }

    static String component(String loggerName) {
        if (loggerName == null || loggerName.isEmpty()) {
            return "main";
        }
        if (loggerName.startsWith(Log.ROOT + ".")) {
            return loggerName.substring(Log.ROOT.length() + 1);
        }
        // Library loggers (Helidon, GraalVM): the last part of the name is enough to tell where it came from.
        int dot = loggerName.lastIndexOf('.');
        return dot < 0 ? loggerName : loggerName.substring(dot + 1);
    }
}
