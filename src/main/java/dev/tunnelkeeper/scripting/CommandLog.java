package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.io.PrintStream;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * For the command-line tools: a hook's own lines ({@code tk.log}, console) printed inline under the step that
 * made them, instead of in the supervisor's log format. The host's own warnings are not printed here: the tools
 * print the errors themselves, with file:line.
 */
final class CommandLog extends Handler {
    private final Logger logger = Logger.getLogger(Log.ROOT + ".hooks");
    private final PrintStream out;
    private final String prefix;
    private final boolean parents;
    private final Level level;

    CommandLog(PrintStream out, String file) {
        this.out = out;
        this.prefix = file + ": ";
        this.parents = logger.getUseParentHandlers();
        this.level = logger.getLevel();
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.INFO);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (record.getLevel() == Level.INFO && message != null && message.startsWith(prefix)) {
            out.println("      log: " + message.substring(prefix.length()));
        }
    }

    @Override
    public void flush() {
        out.flush();
    }

    /** Puts the logger back as it was. */
    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setUseParentHandlers(parents);
        logger.setLevel(level);
    }
}
