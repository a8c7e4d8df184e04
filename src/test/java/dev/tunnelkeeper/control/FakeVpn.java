package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A VPN that reaches the asked-for state at once, toward the server the fake servers hand out (the one a request names
 * first); records each request, and tells its listeners the state changes a supervisor would, each carrying the request.
 */
final class FakeVpn implements VpnControl {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<VpnRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Consumer<VpnEvent>> listeners = new CopyOnWriteArrayList<>();
    private final FakeServers servers;
    private volatile VpnStatus status;

    FakeVpn(FakeServers servers) {
        this.servers = servers;
        reset();
    }

    void reset() {
        calls.clear();
        requests.clear();
        status = running(servers.names().getFirst(), "started");
    }

    void set(VpnState state) {
        status = new VpnStatus(state, "set by the test", Instant.now(), status.connection());
    }

    void addListener(Consumer<VpnEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public VpnStatus status() {
        return status;
    }

    @Override
    public VpnStatus send(VpnRequest request, Duration timeout) {
        requests.add(request);
        switch (request.kind()) {
            case START -> {
                calls.add("start");
                if (status.state() != VpnState.RUNNING) {
                    String server = servers.next(request.next());
                    move(VpnState.STARTING, request.reason(), Optional.of(connection(server)), request);
                    move(VpnState.RUNNING, request.reason(), Optional.of(connection(server)), request);
                }
            }
            case STOP -> {
                calls.add("stop: " + request.reason());
                if (status.state() != VpnState.STOPPED) {
                    move(VpnState.STOPPING, request.reason(), status.connection(), request);
                    move(VpnState.STOPPED, request.reason(), Optional.empty(), request);
                }
            }
            case RESTART -> {
                calls.add("restart: " + request.reason());
                String server = servers.next(request.next());
                move(VpnState.STOPPING, request.reason(), status.connection(), request);
                move(VpnState.STARTING, request.reason(), Optional.of(connection(server)), request);
                move(VpnState.RUNNING, request.reason(), Optional.of(connection(server)), request);
            }
        }
        return status;
    }

    private void move(VpnState to, String reason, Optional<Connection> connection, VpnRequest request) {
        VpnEvent event = new VpnEvent(status.state(), to, reason, Instant.now(), connection, request);
        status = new VpnStatus(to, reason, event.time(), connection);
        listeners.forEach(l -> l.accept(event));
    }

    static Connection connection(String server) {
        return new Connection(server, new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/" + server + "/");
    }

    private static VpnStatus running(String server, String reason) {
        return new VpnStatus(VpnState.RUNNING, reason, Instant.now(), Optional.of(connection(server)));
    }
}
