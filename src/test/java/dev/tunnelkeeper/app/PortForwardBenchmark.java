package dev.tunnelkeeper.app;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.PortForwardLab;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * bench/portforward.sh: tunnel-up -> the forwarded port usable in the application (qBittorrent listening on it), for
 * the product, and for the yardstick, natpmpc driven by a shell loop beside a bare openvpn the way users script it
 * today. Both are timed by the same 20 ms log poller, from the line that says the tunnel is up (the product's
 * "-> running", openvpn's "Initialization Sequence Completed") to the line that says qBittorrent has the port (the
 * product's "[qbittorrent] listen port set to", the script's "SYNCED"); each round is then checked from the far side
 * with a BitTorrent handshake through the mapping (not timed). Prints a markdown table.
 */
public final class PortForwardBenchmark {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    /** The yardstick: the loop users write (ProtonVPN's natpmpc instructions, gluetun's wiki), one mapping. */
    static final String SCRIPT = """
            #!/bin/sh
            # natpmpc driven by a shell loop, as users script port forwarding beside a VPN client today:
            # wait for the tunnel, map UDP and TCP with the gateway, tell qBittorrent through its WebUI.
            gw=$1; port=$2; url=$3; pass=$4; jar=$5
            until ip -4 addr show dev tun0 2>/dev/null | grep -q inet; do sleep 1; done
            until natpmpc -g "$gw" -a "$port" "$port" udp 60 >/dev/null && natpmpc -g "$gw" -a "$port" "$port" tcp 60 >/dev/null; do
                sleep 1
            done
            curl -s -c "$jar" -d "username=admin&password=$pass" "$url/api/v2/auth/login" >/dev/null
            curl -s -b "$jar" -d "json={\\"listen_port\\":$port}" "$url/api/v2/app/setPreferences"
            echo "SYNCED $port"
            """;

    private PortForwardBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        LabSupport.whyLabCannotRun().or(PortForwardLab::whyCannotRun).ifPresent(why -> {
            throw new IllegalStateException("the lab cannot run here: " + why);
        });
        System.out.println("| what | median | p10-p90 | rounds |");
        System.out.println("|---|---|---|---|");
        try (Lab lab = Lab.start(1)) {
            PortForwardLab pf = PortForwardLab.start(lab);
            PortForwardLab.QBittorrent qbt = pf.startQBittorrent(6881);
            Path script = Files.writeString(lab.directory().resolve("natpmpc-loop.sh"), SCRIPT);
            List<Double> yardstick = new ArrayList<>();
            List<Double> product = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                yardstick.add(script(lab, pf, qbt, script, round));
                product.add(product(lab, pf, qbt, round));
            }
            VpnBenchmark.row("tunnel up -> qBittorrent on the port: natpmpc in a shell loop beside openvpn (yardstick)", yardstick);
            VpnBenchmark.row("tunnel up -> qBittorrent on the port: tunnelkeeper (VPN_PORT_FORWARDING, qBittorrent sync)", product);
        }
    }

    private static double script(Lab lab, PortForwardLab pf, PortForwardLab.QBittorrent qbt, Path script, int round) throws Exception {
        int port = ThreadLocalRandom.current().nextInt(20000, 30000);
        Path vpnLog = lab.directory().resolve("bench-openvpn-" + round + ".log");
        Path scriptLog = lab.directory().resolve("bench-script-" + round + ".log");
        Files.writeString(vpnLog, "");
        Files.writeString(scriptLog, "");
        Process loop = lab.startInClient(List.of("/bin/sh", script.toString(), pf.tunnelGateway(1), Integer.toString(port),
                qbt.url(), qbt.password(), lab.directory().resolve("bench-jar").toString()), Map.of(), scriptLog);
        Process openvpn = lab.startInClient(List.of("openvpn", "--remote", pf.serverIp(1), "1194", "udp4",
                "--config", lab.clientOvpn().toString()), Map.of(), vpnLog);
        try {
            long up = seen(vpnLog, "Initialization Sequence Completed");
            long synced = seen(scriptLog, "SYNCED " + port);
            check(pf, qbt, port, "the script's round " + round);
            return (synced - up) / 1e6;
        } finally {
            lab.stopProcess(loop);
            lab.stopProcess(openvpn);
        }
    }

    private static double product(Lab lab, PortForwardLab pf, PortForwardLab.QBittorrent qbt, int round) throws Exception {
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("VPN_PORT_FORWARDING", "on");
        env.put("VPN_PORT_FORWARDING_PROVIDER", "natpmp");
        env.put("VPN_PORT_FORWARDING_STATUS_FILE", lab.directory().resolve("bench-forwarded-port").toString());
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_URL", qbt.url());
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", qbt.password());
        Path log = lab.directory().resolve("bench-product-" + round + ".log");
        try (ProductRun tk = ProductRun.start(lab, env, log)) {
            long up = seen(log, "-> running");
            long synced = seen(log, "[qbittorrent] listen port set to ");
            int port = Integer.parseInt(Files.readString(lab.directory().resolve("bench-forwarded-port")));
            check(pf, qbt, port, "the product's round " + round);
            return (synced - up) / 1e6;
        } finally {
            // its kill switch stays after it stops (README): the yardstick's round runs without one
            for (String chain : List.of("INPUT", "FORWARD", "OUTPUT")) {
                lab.exec(lab.clientNamespace(), "iptables", "-P", chain, "ACCEPT");
            }
            lab.exec(lab.clientNamespace(), "iptables", "-F");
        }
    }

    private static void check(PortForwardLab pf, PortForwardLab.QBittorrent qbt, int port, String what) {
        String answer = pf.farSideHandshake(1, port, qbt.torrent().infoHash(), Duration.ofSeconds(5));
        if (!answer.equals("HANDSHAKE " + qbt.torrent().infoHash())) {
            throw new IllegalStateException(what + ": the far side did not reach qBittorrent on port " + port + ": " + answer);
        }
    }

    /** System.nanoTime() when {@code needle} first shows in {@code log}, polled every 20 ms (Poll). */
    private static long seen(Path log, String needle) {
        long[] at = {0};
        boolean found = Poll.until(LIMIT, () -> {
            try {
                if (Files.readString(log).contains(needle)) {
                    at[0] = System.nanoTime();
                    return true;
                }
            } catch (java.io.IOException e) {
                // not written yet
            }
            return false;
        });
        if (!found) {
            throw new IllegalStateException("no '" + needle + "' in " + log + " within " + LIMIT);
        }
        return at[0];
    }
}
