package dev.tunnelkeeper.process;

import java.util.ArrayDeque;
import java.util.List;

/** The last few lines a child printed, kept so a crash can be reported with its context. */
public final class LastLines {
    public static final int DEFAULT_SIZE = 10;

    private final int size;
    private final ArrayDeque<String> lines;

    public LastLines() {
        this(DEFAULT_SIZE);
    }

    public LastLines(int size) {
        this.size = size;
        this.lines = new ArrayDeque<>(size);
    }

    public synchronized void add(String line) {
        if (lines.size() == size) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    public synchronized List<String> get() {
        return List.copyOf(lines);
    }
}
