package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.ShortCommands;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The undo commands of the network changes made so far. Each is recorded before its change is tried, so a change
 * cut short (a timeout, a stop) is undone too; undoing what does not exist is harmless.
 */
final class ChangeJournal {
    private static final Log LOG = Log.of("wireguard");
    private final Deque<List<String>> undo = new ArrayDeque<>();

    synchronized void record(List<String> undoCommand) {
        undo.addLast(undoCommand);
    }

    /** The last change was refused outright: nothing to undo for it. */
    synchronized void forgetLast() {
        undo.removeLast();
    }

    /** Runs every undo command, newest first, logging those that fail for another reason than "not there". */
    void undoAll(ShortCommands commands) {
        List<List<String>> changes;
        synchronized (this) {
            changes = List.copyOf(undo.reversed());
            undo.clear();
        }
        for (List<String> command : changes) {
            CommandResult result = commands.attempt(command);
            if (!result.succeeded() && !nothingToUndo(result)) {
                LOG.error("cannot undo a change to the network: " + result.describe());
            }
        }
    }

    // The change was never made, or went with the interface.
    private static boolean nothingToUndo(CommandResult result) {
        String output = result.output();
        return output.contains("No such file or directory") || output.contains("No such process")
                || output.contains("Cannot find device") || output.contains("does not exist");
    }
}
