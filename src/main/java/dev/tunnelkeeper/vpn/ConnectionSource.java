package dev.tunnelkeeper.vpn;

/**
 * Chooses the server for each (re)connect and hears how it went. The supervisor owns this interface;
 * the servers package implements it over the catalogue, its filters and its selection policy.
 */
public interface ConnectionSource {

    /**
     * The connection for the next attempt, toward the server {@code wish} names when it is a candidate (and, when it
     * names one to avoid, not that one unless it is the only one); throws {@link NoServerException} when nothing can
     * be chosen.
     */
    Connection next(NextServer wish);

    /** The selection's own choice. */
    default Connection next() {
        return next(NextServer.ANY);
    }

    /**
     * How many different servers {@link #next()} chooses among: the supervisor backs off once per round of them,
     * not once per attempt, so when every server is down each one is tried before the waits grow.
     */
    default int choices() {
        return 1;
    }

    /** The tunnel to this connection came up. */
    default void connected(Connection connection) {
    }

    /** The attempt did not bring the tunnel up (timeout, process exit, auth failure). */
    default void connectFailed(Connection connection, String why) {
    }

    /** The tunnel was up and has been torn down for a restart or a crash. */
    default void lost(Connection connection, String why) {
    }

    /** Thrown when no server matches; its message is meant for the user as is. */
    final class NoServerException extends RuntimeException {
        public NoServerException(String message) {
            super(message);
        }
    }
}
