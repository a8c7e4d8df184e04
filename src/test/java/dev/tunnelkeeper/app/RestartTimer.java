package dev.tunnelkeeper.app;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.app.SettingsAssembly;
import dev.tunnelkeeper.firewall.KillSwitches;
import dev.tunnelkeeper.log.LogSetup;
import dev.tunnelkeeper.servers.ServerSources;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Runs inside a lab's client namespace and times restarts, printing one {@code MS <n>} line per round:
 * <ul>
 *   <li>{@code supervised ROUNDS}: the product's supervisor (and kill switch) from the environment; each round is
 *       {@code restart()} until the new tunnel is ready (old tunnel down, firewall swap, new client up);</li>
 *   <li>{@code bare-openvpn ROUNDS OVPN IP PORT}: the yardstick measured the same way: SIGTERM the previous openvpn,
 *       wait for it to exit, start a new one, wait for "Initialization Sequence Completed";</li>
 *   <li>{@code bare-wireguard ROUNDS SCRIPT}: the same with a shell script that brings up wireguard-go by hand
 *       (wireguard-go, wg set, ip addr, ip link, the routes) and waits for a handshake.</li>
 * </ul>
 */
public final class RestartTimer {
    private RestartTimer() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[1]);
        switch (args[0]) {
            case "supervised" -> supervised(rounds);
            case "bare-openvpn" -> bare(rounds, List.of("openvpn", "--remote", args[3], args[4], "udp4", "--config", args[2]),
                    "Initialization Sequence Completed");
            case "bare-wireguard" -> bare(rounds, List.of("sh", args[2]), "HANDSHAKE");
            default -> throw new IllegalArgumentException("mode: supervised, bare-openvpn or bare-wireguard");
        }
    }

    private static void supervised(int rounds) throws Exception {
        Settings settings = SettingsAssembly.load(System.getenv());
        LogSetup.install(settings.logLevel(), System.err);
        var source = ServerSources.load(settings.servers(), settings.vpn(), new dev.tunnelkeeper.time.SystemScheduler("bench-clock"), new Random());
        var killSwitch = KillSwitches.enable(settings.firewall(), settings.vpn().iface());
        try (SystemScheduler thread = new SystemScheduler("vpn");
             VpnSupervisor supervisor = VpnSupervisor.create(VpnClients.create(settings.vpn()), settings.vpnReadyTimeout(), source, killSwitch, thread)) {
            expectRunning(supervisor.sendAndWait(VpnRequest.start(Cause.USER), Duration.ofSeconds(30)));
            for (int i = 0; i < rounds; i++) {
                long start = System.nanoTime();
                expectRunning(supervisor.sendAndWait(VpnRequest.restart(Cause.USER, "benchmark"), Duration.ofSeconds(30)));
                System.out.println("MS " + (System.nanoTime() - start) / 1_000_000.0);
            }
        }
    }

    private static void expectRunning(VpnStatus status) {
        if (status.state() != VpnState.RUNNING) {
            throw new IllegalStateException("not running: " + status);
        }
    }

    private static void bare(int rounds, List<String> command, String readyLine) throws Exception {
        Process previous = start(command);
        awaitLine(previous, readyLine);
        for (int i = 0; i < rounds; i++) {
            long begin = System.nanoTime();
            previous.destroy();
            if (!previous.waitFor(10, TimeUnit.SECONDS)) {
                previous.destroyForcibly();
                previous.waitFor();
            }
            Process next = start(command);
            awaitLine(next, readyLine);
            System.out.println("MS " + (System.nanoTime() - begin) / 1_000_000.0);
            previous = next;
        }
        previous.destroy();
        previous.waitFor(10, TimeUnit.SECONDS);
    }

    private static Process start(List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("WG_PROCESS_FOREGROUND", "1");
        return pb.start();
    }

    private static void awaitLine(Process p, String needle) throws Exception {
        BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream()));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.contains(needle)) {
                // keep draining so the child never blocks on a full pipe
                Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
                return;
            }
        }
        throw new IllegalStateException("exited before '" + needle + "'");
    }

    /** A bare wireguard-go bring-up (wg set, ip addr, ip link, the routes); prints HANDSHAKE once the peer answered. */
    static Path wireGuardScript(Path dir, String iface, String keyFile, String peerKey, String endpoint, String address)
            throws java.io.IOException {
        return Files.writeString(dir.resolve("bare-wg.sh"), """
                #!/bin/sh
                set -e
                trap 'kill $WG 2>/dev/null; wait $WG 2>/dev/null; exit 0' TERM INT
                wireguard-go %1$s &
                WG=$!
                while [ ! -S /var/run/wireguard/%1$s.sock ]; do sleep 0.005; done
                wg set %1$s private-key %2$s peer %3$s endpoint %4$s allowed-ips 0.0.0.0/0 persistent-keepalive 1
                ip addr add %5$s dev %1$s
                ip link set %1$s up
                until [ "$(wg show %1$s latest-handshakes | awk '{print $2}')" != "0" ]; do sleep 0.005; done
                echo HANDSHAKE
                wait $WG
                """.formatted(iface, keyFile, peerKey, endpoint, address));
    }
}
