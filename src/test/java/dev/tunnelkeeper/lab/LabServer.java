package dev.tunnelkeeper.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** One VPN server namespace of the lab: an OpenVPN server, a wireguard-go server and the health target. */
final class LabServer {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final String OPENVPN_READY = "Initialization Sequence Completed";

    private final int index;
    private final LabNames names;
    private final Path dir;
    private final LabProcesses processes;
    private final WireGuardKeys keys;
    private final String clientPublicKey;
    private final Path openVpnConfig;
    private Process openVpn;
    private Process wireGuard;
    private Process target;
    private Process ipEcho;
    private Process dns;

    LabServer(int index, LabNames names, Path dir, LabProcesses processes, Pki pki, WireGuardKeys keys,
            String clientPublicKey) {
        this.index = index;
        this.names = names;
        this.dir = dir;
        this.processes = processes;
        this.keys = keys;
        this.clientPublicKey = clientPublicKey;
        this.openVpnConfig = LabFiles.writePrivate(dir.resolve(name() + "-openvpn.conf"), OpenVpnConfigs.server(index, pki));
    }

    String name() {
        return "s" + index;
    }

    String namespace() {
        return names.serverNamespace(index);
    }

    String wireGuardInterface() {
        return names.wireGuardServerInterface(index);
    }

    WireGuardKeys keys() {
        return keys;
    }

    synchronized void startOpenVpn() {
        if (openVpn != null && openVpn.isAlive()) {
            return;
        }
        Path log = dir.resolve(name() + "-openvpn.log");
        long offset = LabFiles.size(log);
        openVpn = startLogged(inNamespace(LabTools.path("openvpn"), "--config", openVpnConfig.toString()), Map.of(),
                log, "OpenVPN server " + name());
        LogWatch.awaitLine(log, offset, OPENVPN_READY, openVpn, READY_TIMEOUT, "OpenVPN server " + name());
    }

    synchronized void stopOpenVpn() {
        if (openVpn != null) {
            processes.stop(openVpn);
            openVpn = null;
        }
    }

    synchronized void startWireGuard() {
        if (wireGuard != null && wireGuard.isAlive()) {
            return;
        }
        String device = wireGuardInterface();
        Path log = dir.resolve(name() + "-wireguard.log");
        WireGuardSockets.delete(device); // a stale socket would pass for the new one's
        // Without WG_PROCESS_FOREGROUND wireguard-go daemonizes and the PID we hold exits at once.
        wireGuard = startLogged(inNamespace(LabTools.path("wireguard-go"), device),
                Map.of("WG_PROCESS_FOREGROUND", "1", "LOG_LEVEL", "error"), log, "wireguard-go server " + name());
        WireGuardSockets.await(device, wireGuard, log);
        Commands.check(inNamespace(LabTools.path("wg"), "set", device, "listen-port", Integer.toString(LabAddresses.WIREGUARD_PORT),
                "private-key", keys.privateKeyFile().toString(),
                "peer", clientPublicKey, "allowed-ips", LabAddresses.WIREGUARD_CLIENT_ADDRESS));
        LabNetwork.ipBatch(namespace(), List.of(
                "addr add " + LabAddresses.wireGuardServerAddress(index) + " dev " + device,
                "link set " + device + " mtu " + LabAddresses.WIREGUARD_MTU + " up",
                // The client's address is outside this server's pool (it is the same for every server).
                "route add " + LabAddresses.WIREGUARD_CLIENT_ADDRESS + " dev " + device));
    }

    synchronized void stopWireGuard() {
        if (wireGuard != null) {
            processes.stop(wireGuard);
            wireGuard = null;
            WireGuardSockets.delete(wireGuardInterface());
        }
    }

    synchronized void startTarget() {
        if (target != null && target.isAlive()) {
            return;
        }
        Path log = dir.resolve(name() + "-target.log");
        long offset = LabFiles.size(log);
        List<String> command = HelperJvm.command(namespace(), names, TargetServer.class,
                LabAddresses.TARGET_IP, Integer.toString(LabAddresses.TARGET_PORT), name());
        target = startLogged(command, Map.of(), log, "health target of " + name());
        LogWatch.awaitLine(log, offset, "READY", target, READY_TIMEOUT, "health target of " + name());
    }

    /** Ends the health target's listener: the tunnel through this server still works, the target does not answer. */
    synchronized void stopTarget() {
        if (target != null) {
            processes.stop(target);
            target = null;
        }
    }

    /** The public-IP echo on the target address (see {@link IpEchoServer}); idempotent. */
    synchronized void startIpEcho() {
        if (ipEcho != null && ipEcho.isAlive()) {
            return;
        }
        Path log = dir.resolve(name() + "-ip-echo.log");
        long offset = LabFiles.size(log);
        List<String> command = HelperJvm.command(namespace(), names, IpEchoServer.class,
                LabAddresses.TARGET_IP, Integer.toString(LabAddresses.ECHO_PORT), name());
        ipEcho = startLogged(command, Map.of(), log, "IP echo of " + name());
        LogWatch.awaitLine(log, offset, "READY", ipEcho, READY_TIMEOUT, "IP echo of " + name());
    }

    /** The DNS server on the target address (see {@link LabDnsServer}); idempotent. */
    synchronized void startDns(Path keystore, String password) {
        if (dns != null && dns.isAlive()) {
            return;
        }
        Path log = dnsLog();
        long offset = LabFiles.size(log);
        List<String> command = HelperJvm.command(namespace(), names, LabDnsServer.class, HelperJvm.dnsLibraries(),
                LabAddresses.TARGET_IP, Integer.toString(index), LabAddresses.TARGET_IP, keystore.toString(), password);
        dns = startLogged(command, Map.of(), log, "DNS server of " + name());
        LogWatch.awaitLine(log, offset, "READY", dns, READY_TIMEOUT, "DNS server of " + name());
    }

    Path dnsLog() {
        return dir.resolve(name() + "-dns.log");
    }

    private Process startLogged(List<String> command, Map<String, String> env, Path log, String what) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(env);
        return processes.start(builder, what);
    }

    private List<String> inNamespace(String... command) {
        return Stream.concat(Stream.of(LabTools.path("ip"), "netns", "exec", namespace()), Stream.of(command)).toList();
    }
}
