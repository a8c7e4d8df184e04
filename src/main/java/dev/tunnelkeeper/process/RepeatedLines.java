package dev.tunnelkeeper.process;

import dev.tunnelkeeper.log.Log;

/**
 * Relays a child's output lines to the log, collapsing a run of identical lines into the first one and a count, so a
 * client spinning on an error cannot flood the log (or fill the disk under it): openvpn printed 45,000
 * "read from TUN/TAP" lines a second once its interface was deleted.
 */
public final class RepeatedLines {
    private final Log log;
    private String previous;
    private long repeats;

    public RepeatedLines(Log log) {
        this.log = log;
    }

    public synchronized void relay(OutputLine line) {
        if (line.text().equals(previous)) {
            repeats++;
            return;
        }
        flush();
        previous = line.text();
        line.logTo(log);
    }

    /** Logs the count of a run still open (call it when the child has exited). */
    public synchronized void flush() {
        if (repeats > 0) {
            log.info("(the line above was repeated " + repeats + " more time" + (repeats == 1 ? "" : "s") + ")");
            repeats = 0;
        }
    }
}
