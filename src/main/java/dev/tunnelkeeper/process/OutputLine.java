package dev.tunnelkeeper.process;

import dev.tunnelkeeper.log.Log;
import java.util.List;

/**
 * One line of a VPN program's output, as we relay it: the level it deserves, the text, and any hint lines that tell
 * the user what to do about it.
 */
public record OutputLine(Level level, String text, List<String> hints) {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    public OutputLine {
        hints = List.copyOf(hints);
    }

    public static OutputLine of(Level level, String text) {
        return new OutputLine(level, text, List.of());
    }

    /** Logs the line at its level, then each hint on its own line (our log lines are one line each). */
    public void logTo(Log log) {
        write(log, level, text);
        for (String hint : hints) {
            write(log, level == Level.DEBUG ? Level.DEBUG : Level.INFO, hint);
        }
    }

    private static void write(Log log, Level level, String message) {
        switch (level) {
            case DEBUG -> log.debug(message);
            case INFO -> log.info(message);
            case WARN -> log.warn(message);
            case ERROR -> log.error(message);
        }
    }
}
