package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.ServerSettings.Selection;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Chooses the server for the next attempt. Built-ins: {@link RandomSelector} and {@link OrderedSelector}; a user's
 * JavaScript hook's selectServer (scripting.ScriptedServerSelector) is another, which falls back to a built-in.
 */
public interface ServerSelector {

    /**
     * @param candidates the filtered servers with their histories, in priority order (never empty)
     * @return one of {@code candidates}, or empty to decline (the caller then has no server)
     */
    Optional<Candidate> select(List<Candidate> candidates, SelectionContext context);

    /** The built-in for SERVER_SELECTION. */
    static ServerSelector of(Selection selection, Random random) {
        return switch (selection) {
            case RANDOM -> new RandomSelector(random);
            case ORDERED -> new OrderedSelector();
        };
    }
}
