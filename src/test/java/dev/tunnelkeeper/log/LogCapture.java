package dev.tunnelkeeper.log;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects tunnelkeeper's log lines (formatted as users see them) for assertions; close() detaches it. */
public final class LogCapture extends Handler implements AutoCloseable {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger root = Logger.getLogger(Log.ROOT);
    private final Level previous;

    public LogCapture() {
        previous = root.getLevel();
        root.setLevel(Level.ALL);
        setLevel(Level.ALL);
        root.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        String line = new LineFormatter().format(record).strip();
        // drop the timestamp: tests compare "INFO [component] message"
        lines.add(line.substring(line.indexOf(' ') + 1));
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public long count(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).count();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
        root.setLevel(previous);
    }
}
