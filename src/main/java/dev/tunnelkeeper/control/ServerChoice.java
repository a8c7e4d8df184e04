package dev.tunnelkeeper.control;

import dev.tunnelkeeper.servers.Candidate;
import java.time.Duration;
import java.util.List;

/**
 * What the control API needs from the server source: every server with its history. The product's implementation is
 * CatalogConnectionSource's {@code snapshot()}; a switch to one of them is a request to the VPN toward that server.
 */
public interface ServerChoice {
    /** Every candidate server with its history, in priority order. */
    List<Candidate> snapshot();

    /** SERVER_COOLDOWN: how long a server that failed is passed over; the status page shows who is cooling down. */
    default Duration cooldown() {
        return Duration.ZERO;
    }
}
