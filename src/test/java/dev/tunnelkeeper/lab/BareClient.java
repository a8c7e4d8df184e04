package dev.tunnelkeeper.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A plain VPN client in the lab's client namespace, with no tunnelkeeper code: it proves the lab
 * works and gives other tests a tunnel to stand on. Close it to stop the client and undo its routes.
 */
public final class BareClient implements AutoCloseable {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private final Lab lab;
    private final Process process;
    private final Path log;
    private final Runnable undoRoutes;

    private BareClient(Lab lab, Process process, Path log, Runnable undoRoutes) {
        this.lab = lab;
        this.process = process;
        this.log = log;
        this.undoRoutes = undoRoutes;
    }

    /** `openvpn --config client.ovpn` toward server i; returns once it logs "Initialization Sequence Completed". */
    public static BareClient openVpn(Lab lab, int server) {
        // A log of its own per start: logs are appended to, and a second client toward the same server would otherwise
        // find the first one's "Initialization Sequence Completed" at once (seen as a 5 ms start in bench/startup.sh).
        Path log = lab.directory().resolve("bare-openvpn-s" + server + "-" + System.nanoTime() + ".log");
        Endpoint endpoint = lab.openVpnEndpoint(server);
        // Given before --config, this remote comes first in the connection list, so it is the one used.
        Process process = lab.startInClient(List.of("openvpn",
                "--remote", endpoint.ip(), Integer.toString(endpoint.port()), "udp4",
                "--config", lab.clientOvpn().toString()), Map.of(), log);
        BareClient client = new BareClient(lab, process, log, () -> { });
        client.await("Initialization Sequence Completed", "bare OpenVPN client toward " + lab.serverName(server));
        return client;
    }

    /**
     * wireguard-go toward server i, routed as the lab package-info says: the endpoint /32 via the router, and
     * 0.0.0.0/1 plus 128.0.0.0/1 via the tunnel interface.
     */
    public static BareClient wireGuard(Lab lab, int server) {
        String device = lab.interfaceName("wc");
        String namespace = lab.clientNamespace();
        Path log = lab.directory().resolve("bare-wireguard-s" + server + "-" + System.nanoTime() + ".log");
        Endpoint endpoint = lab.wireGuardEndpoint(server);
        Process process = lab.startInClient(List.of("wireguard-go", device),
                Map.of("WG_PROCESS_FOREGROUND", "1", "LOG_LEVEL", "error"), log);
        Runnable undoRoutes = () -> lab.exec(namespace, "ip", "route", "del", endpoint.ip() + "/32");
        BareClient client = new BareClient(lab, process, log, undoRoutes);
        try {
            WireGuardSockets.await(device, process, log);
            Path key = LabFiles.writePrivate(lab.directory().resolve(device + ".key"), lab.wireGuardClientPrivateKey() + "\n");
            lab.exec(namespace, "wg", "set", device, "private-key", key.toString(),
                    "peer", lab.wireGuardServerPublicKey(server), "endpoint", endpoint.hostPort(),
                    "allowed-ips", "0.0.0.0/0", "persistent-keepalive", "25");
            lab.exec(namespace, "ip", "addr", "add", lab.wireGuardClientAddress(), "dev", device);
            lab.exec(namespace, "ip", "link", "set", device, "mtu", Integer.toString(LabAddresses.WIREGUARD_MTU), "up");
            lab.exec(namespace, "ip", "route", "replace", endpoint.ip() + "/32", "via", lab.clientGateway());
            lab.exec(namespace, "ip", "route", "add", "0.0.0.0/1", "dev", device);
            lab.exec(namespace, "ip", "route", "add", "128.0.0.0/1", "dev", device);
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    private void await(String line, String what) {
        try {
            LogWatch.awaitLine(log, 0, line, process, READY_TIMEOUT, what);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Stops the client (its tunnel interface and routes go with it) and removes any route it pinned. */
    @Override
    public void close() {
        lab.stopProcess(process);
        try {
            undoRoutes.run();
        } catch (LabException e) {
            // the route was never added
        }
    }
}
