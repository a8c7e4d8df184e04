package dev.tunnelkeeper.control;

import dev.tunnelkeeper.servers.Candidate;
import java.time.Duration;
import java.util.List;

/**
 * What the control API needs from the server source: every server with its history, and a one-time preference.
 * The product's implementation is CatalogConnectionSource's {@code snapshot()} and {@code preferNext(String)}.
 */
public interface ServerChoice {
    /** Every candidate server with its history, in priority order. */
    List<Candidate> snapshot();

    /**
     * The next {@code next()} returns this server (then selection goes on as before).
     *
     * @throws IllegalArgumentException when no candidate has that name; the message lists the valid names
     */
    void preferNext(String serverName);

    /** SERVER_COOLDOWN: how long a server that failed is passed over; the status page shows who is cooling down. */
    default Duration cooldown() {
        return Duration.ZERO;
    }
}
