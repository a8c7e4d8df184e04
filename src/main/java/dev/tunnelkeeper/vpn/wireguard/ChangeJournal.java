package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.ShortCommands;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The undo lines ({@code ip -4 -batch} lines, see {@link IpBatch}) of the network changes made so far. Each is recorded
 * before its change is tried, so a change cut short (a timeout, a stop) is undone too; undoing what does not exist is
 * harmless.
 */
final class ChangeJournal {
    private static final Log LOG = Log.of("wireguard");
    private final Deque<String> undo = new ArrayDeque<>();

    synchronized void record(String undoLine) {
        undo.addLast(undoLine);
    }

    synchronized void recordAll(List<String> undoLines) {
        undo.addAll(undoLines);
    }

    /** The last change was refused outright: nothing to undo for it. */
    synchronized void forgetLast() {
        undo.removeLast();
    }

    /**
     * Runs every undo line, newest first, in one {@code ip} process that goes on past failures; logs those that failed
     * for another reason than "not there".
     */
    void undoAll(ShortCommands commands) {
        List<String> lines;
        synchronized (this) {
            lines = List.copyOf(undo.reversed());
            undo.clear();
        }
        for (IpBatch.Failure failure : IpBatch.attempt(commands, lines)) {
            if (!nothingToUndo(failure.message())) {
                LOG.error("cannot undo a change to the network: " + failure.describe());
            }
        }
    }

    // The change was never made, or went with the interface.
    private static boolean nothingToUndo(String message) {
        return message.contains("No such file or directory") || message.contains("No such process")
                || message.contains("Cannot find device") || message.contains("does not exist");
    }
}
