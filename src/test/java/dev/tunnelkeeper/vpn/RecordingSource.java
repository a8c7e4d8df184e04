package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.config.Protocol;
import java.util.List;
import java.util.Optional;

/** Hands out servers in turn and records what it hears. */
final class RecordingSource implements ConnectionSource {
    static final Connection NL = new Connection("nl-1", new Endpoint("10.0.0.1", 1194, Protocol.UDP), Optional.empty(), "Netherlands/Amsterdam");
    static final Connection DE = new Connection("de-1", new Endpoint("10.0.0.2", 443, Protocol.TCP), Optional.empty(), "");

    private final List<String> calls;
    private final List<Connection> servers;
    private int next;
    final List<NextServer> wishes = new java.util.ArrayList<>();
    RuntimeException failNext;
    int choices = 1; // what the supervisor is told, whatever the list holds: the backoff tests count per attempt

    RecordingSource(List<String> calls, Connection... servers) {
        this.calls = calls;
        this.servers = List.of(servers);
    }

    @Override
    public int choices() {
        return choices;
    }

    @Override
    public Connection next(NextServer wish) {
        wishes.add(wish);
        if (failNext != null) {
            RuntimeException e = failNext;
            failNext = null;
            throw e;
        }
        return servers.get(next++ % servers.size());
    }

    @Override
    public void connected(Connection connection) {
        calls.add("connected " + connection.serverName());
    }

    @Override
    public void connectFailed(Connection connection, String why) {
        calls.add("connectFailed " + connection.serverName() + ": " + why);
    }

    @Override
    public void lost(Connection connection, String why) {
        calls.add("lost " + connection.serverName() + ": " + why);
    }
}
