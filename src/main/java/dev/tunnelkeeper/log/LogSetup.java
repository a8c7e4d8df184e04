package dev.tunnelkeeper.log;

import java.io.PrintStream;
import java.util.Locale;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/** Installs the one-line format on stdout and the level from LOG_LEVEL for the whole JVM. */
public final class LogSetup {
    private LogSetup() {
    }

    public static void install(LogLevel level, PrintStream out) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        Handler handler = new StreamHandler(out, new LineFormatter()) {
            @Override
            public synchronized void publish(java.util.logging.LogRecord record) {
                super.publish(record);
                flush(); // a supervisor's log must be live, not buffered
            }
        };
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.WARNING); // libraries speak up only when something is wrong
        Logger.getLogger(Log.ROOT).setLevel(level.julLevel());
    }

    /** LOG_LEVEL. */
    public enum LogLevel {
        DEBUG(Level.FINE), INFO(Level.INFO), WARN(Level.WARNING), ERROR(Level.SEVERE);

        private final Level jul;

        LogLevel(Level jul) {
            this.jul = jul;
        }

        public Level julLevel() {
            return jul;
        }

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
