package dev.tunnelkeeper.vpn;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A VPN client whose tunnels the test drives by hand: ready, ended and stopped when the test says. */
class FakeVpnClient implements VpnClient {
    private final List<String> calls;
    final List<FakeTunnel> tunnels = new ArrayList<>();
    VpnClientException failNextStart;
    boolean stopsAtOnce = true;

    FakeVpnClient(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public Tunnel start(Connection connection) throws VpnClientException {
        calls.add("client start " + connection.serverName());
        if (failNextStart != null) {
            VpnClientException e = failNextStart;
            failNextStart = null;
            throw e;
        }
        FakeTunnel tunnel = new FakeTunnel(connection, calls, stopsAtOnce);
        tunnels.add(tunnel);
        return tunnel;
    }

    FakeTunnel last() {
        return tunnels.getLast();
    }

    static final class FakeTunnel implements Tunnel {
        final Connection connection;
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final CompletableFuture<String> ended = new CompletableFuture<>();
        final CompletableFuture<Void> stopped = new CompletableFuture<>();
        List<String> lines = List.of();
        int stops;
        private final List<String> calls;
        private final boolean stopsAtOnce;

        FakeTunnel(Connection connection, List<String> calls, boolean stopsAtOnce) {
            this.connection = connection;
            this.calls = calls;
            this.stopsAtOnce = stopsAtOnce;
        }

        @Override
        public String iface() {
            return "tun0";
        }

        @Override
        public CompletableFuture<Void> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<String> ended() {
            return ended;
        }

        @Override
        public List<String> lastLines() {
            return lines;
        }

        @Override
        public CompletableFuture<Void> stop() {
            stops++;
            calls.add("tunnel stop " + connection.serverName());
            if (stopsAtOnce) {
                stopped.complete(null);
            }
            return stopped;
        }
    }
}
