package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A VPN that reaches the asked-for state at once, toward the server the fake servers hand out; records each call. */
final class FakeVpn implements VpnControl {
    final List<String> calls = new CopyOnWriteArrayList<>();
    private final FakeServers servers;
    private volatile VpnStatus status;

    FakeVpn(FakeServers servers) {
        this.servers = servers;
        reset();
    }

    void reset() {
        calls.clear();
        status = running(servers.names().getFirst(), "started");
    }

    void set(VpnState state) {
        status = new VpnStatus(state, "set by the test", Instant.now(), status.connection());
    }

    @Override
    public VpnStatus status() {
        return status;
    }

    @Override
    public VpnStatus start(Duration timeout) {
        calls.add("start");
        status = running(servers.next(), "start requested");
        return status;
    }

    @Override
    public VpnStatus stop(String reason, Duration timeout) {
        calls.add("stop: " + reason);
        status = new VpnStatus(VpnState.STOPPED, reason, Instant.now(), Optional.empty());
        return status;
    }

    @Override
    public VpnStatus restart(String reason, Duration timeout) {
        calls.add("restart: " + reason);
        status = running(servers.next(), reason);
        return status;
    }

    static Connection connection(String server) {
        return new Connection(server, new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "Labland/" + server + "/");
    }

    private static VpnStatus running(String server, String reason) {
        return new VpnStatus(VpnState.RUNNING, reason, Instant.now(), Optional.of(connection(server)));
    }
}
