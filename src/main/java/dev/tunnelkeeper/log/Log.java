package dev.tunnelkeeper.log;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A component's logger: {@code Log.of("healthcheck").info("healthy!")} prints
 * {@code 2026-11-24T08:00:00.123Z INFO [healthcheck] healthy!}. Built on java.util.logging, which Helidon uses too,
 * so one format and one level setting cover both (see {@link LogSetup}).
 */
public final class Log {
    /** Parent of every component logger; tests attach handlers here. */
    public static final String ROOT = "tunnelkeeper";

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    public static Log of(String component) {
        return new Log(Logger.getLogger(ROOT + "." + component));
    }

    public boolean debugEnabled() {
        return logger.isLoggable(Level.FINE);
    }

    public void debug(String message) {
        logger.log(Level.FINE, message);
    }

    public void info(String message) {
        logger.log(Level.INFO, message);
    }

    public void warn(String message) {
        logger.log(Level.WARNING, message);
    }

    public void error(String message) {
        logger.log(Level.SEVERE, message);
    }
}
