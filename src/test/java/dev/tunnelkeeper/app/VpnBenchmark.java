package dev.tunnelkeeper.app;

import dev.tunnelkeeper.lab.BareClient;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The VPN benchmarks of BENCHMARKS.md, in the lab: restart decision -> tunnel ready, supervised vs the bare client
 * measured the same way in the same namespace; and, with the seed's default timing, a server's death -> traffic
 * flowing again through another server, beside a bare openvpn client's own ping-restart noticing the same kind of
 * death (the lab servers push {@code keepalive 2 10}: ping-restart 10 s). Run by bench/restart.sh and
 * bench/recovery.sh (root). Args: rounds (default 10), then the part: {@code restart}, {@code recovery} or
 * {@code all} (the default).
 */
public final class VpnBenchmark {
    private VpnBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        String part = args.length > 1 ? args[1] : "all";
        if (!List.of("restart", "recovery", "all").contains(part)) {
            throw new IllegalArgumentException("part must be restart, recovery or all, not " + part);
        }
        LabSupport.whyLabCannotRun().ifPresent(why -> {
            throw new IllegalStateException("the lab cannot run here: " + why);
        });
        System.out.println("| what | median | p10-p90 | rounds |");
        System.out.println("|---|---|---|---|");
        try (Lab lab = Lab.start(2)) {
            Path servers = ProductRun.serversFile(lab);
            Map<String, String> ovpn = ProductRun.openVpnEnv(lab);
            ovpn.put("SERVERS_FILE", servers.toString());
            Map<String, String> wg = ProductRun.wireGuardEnv(lab);
            Path key = Files.writeString(lab.directory().resolve("bench-wg.key"), lab.wireGuardClientPrivateKey());
            Path script = RestartTimer.wireGuardScript(lab.directory(), lab.interfaceName("wb"), key.toString(),
                    lab.wireGuardServerPublicKey(1), lab.wireGuardEndpoint(1).hostPort(), lab.wireGuardClientAddress());
            if (!part.equals("recovery")) {
                restart(lab, ovpn, wg, script, rounds);
            }
            if (!part.equals("restart")) {
                row("OpenVPN server killed -> bare openvpn's own ping-restart line (yardstick)", bareNoticesDeath(lab, rounds));
                row("OpenVPN server killed -> traffic through another server (seed defaults, 2 servers)", deathToHealthy(lab, ovpn, rounds));
            }
        }
    }

    private static void restart(Lab lab, Map<String, String> ovpn, Map<String, String> wg, Path script, int rounds)
            throws Exception {
        {
            {
            // The bare yardsticks first: the supervised runs leave their kill switch in place, as the product does.
            List<Double> bareOpenVpn = timer(lab, Map.of(), rounds, "bare-openvpn",
                    lab.clientOvpn().toString(), lab.openVpnEndpoint(1).ip(), String.valueOf(lab.openVpnEndpoint(1).port()));
            List<Double> bareWireGuard = timer(lab, Map.of(), rounds, "bare-wireguard", script.toString());
            row("OpenVPN restart -> ready, bare openvpn (yardstick)", bareOpenVpn);
            row("OpenVPN restart -> ready, tunnelkeeper supervisor (kill switch on)", timer(lab, ovpn, rounds, "supervised"));
            row("WireGuard restart -> handshake, bare wireguard-go + wg + ip (yardstick)", bareWireGuard);
            row("WireGuard restart -> handshake, tunnelkeeper supervisor (kill switch on)", timer(lab, wg, rounds, "supervised"));
            }
        }
    }

    /**
     * The yardstick for recovery: a bare client on server i, the server killed, time until openvpn itself logs its
     * ping-restart (SIGUSR1[soft,ping-restart]). Alternates between the servers as the product's rounds do.
     */
    private static List<Double> bareNoticesDeath(Lab lab, int rounds) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            int server = 1 + i % 2;
            try (BareClient client = BareClient.openVpn(lab, server)) {
                long start = System.nanoTime();
                lab.stopOpenVpnServer(server);
                try {
                    if (!Poll.until(Duration.ofSeconds(40), () -> read(client.log()).contains("soft,ping-restart"))) {
                        throw new IllegalStateException("bare openvpn never noticed; log:\n" + Files.readString(client.log()));
                    }
                    ms.add((System.nanoTime() - start) / 1_000_000.0);
                } finally {
                    lab.startOpenVpnServer(server);
                }
            }
        }
        return ms;
    }

    private static List<Double> timer(Lab lab, Map<String, String> env, int rounds, String... args) throws Exception {
        String image = System.getProperty("tk.bench.image", "");
        if (!image.isEmpty()) {
            return timerInImage(lab, image, env, rounds, args);
        }
        Path log = lab.directory().resolve("timer-" + System.nanoTime() + ".log");
        List<String> cmd = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", JavaProcess.fullClasspath(), RestartTimer.class.getName(), args[0], String.valueOf(rounds)));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p = lab.startInClient(cmd, env, log);
        if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed; log:\n" + Files.readString(log));
        }
        return Files.readString(log).lines().filter(l -> l.startsWith("MS ")).map(l -> Double.parseDouble(l.substring(3))).toList();
    }

    /**
     * The same timer inside the image (-Dtk.bench.image=IMAGE: its JRE, openvpn, wireguard-go, iptables), run by podman
     * in the lab's client namespace with this checkout's classes and Maven's jars mounted read-only at their paths.
     */
    private static List<Double> timerInImage(Lab lab, String image, Map<String, String> env, int rounds, String... args)
            throws Exception {
        Path envFile = dev.tunnelkeeper.lab.Podman.envFile(lab.directory().resolve("timer-" + System.nanoTime() + ".env"), env);
        String cwd = Path.of("").toAbsolutePath().toString();
        String m2 = Path.of(System.getProperty("user.home"), ".m2").toString();
        List<String> cmd = new ArrayList<>(List.of("run", "--rm", "--network", "ns:/run/netns/" + lab.clientNamespace(),
                "--cap-add", "NET_ADMIN", "--device", "/dev/net/tun", "--env-file", envFile.toString(),
                "-v", cwd + ":" + cwd + ":ro", "-v", m2 + ":" + m2 + ":ro",
                "-v", lab.directory() + ":" + lab.directory(), "-w", cwd, "--entrypoint", "/opt/java/bin/java", image,
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", JavaProcess.fullClasspath(),
                RestartTimer.class.getName(), args[0], String.valueOf(rounds)));
        cmd.addAll(List.of(args).subList(1, args.length));
        dev.tunnelkeeper.lab.Podman.Outcome r = dev.tunnelkeeper.lab.Podman.run(Duration.ofSeconds(300), cmd.toArray(String[]::new));
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed in " + image + ":\n" + r.stdout() + r.stderr());
        }
        return r.stdout().lines().filter(l -> l.startsWith("MS ")).map(l -> Double.parseDouble(l.substring(3))).toList();
    }

    static List<Double> deathToHealthy(Lab lab, Map<String, String> env, int rounds) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (ProductRun tk = ProductRun.start(lab, env)) {
            tk.await("INFO [healthcheck] healthy!", 1, Duration.ofSeconds(30));
            int seen = tk.log().lines().toList().size();
            for (int i = 0; i < rounds; i++) {
                String current = answer(lab);
                int index = Integer.parseInt(current.substring(1));
                long start = System.nanoTime();
                lab.stopOpenVpnServer(index);
                String[] now = new String[1];
                if (!Poll.until(Duration.ofSeconds(60), () -> (now[0] = lab.dialTarget(Duration.ofMillis(150)).answer()) != null
                        && now[0].startsWith("s") && !now[0].equals(current))) {
                    throw new IllegalStateException("no recovery after killing " + current + "; log:\n" + tk.log());
                }
                double took = (System.nanoTime() - start) / 1_000_000.0;
                ms.add(took);
                // Where the time went, for the notes: the product's log lines since the previous round, on stderr.
                List<String> lines = tk.log().lines().toList();
                System.err.printf("round %d: killed %s, traffic through %s after %.0f ms; log since the last round:%n",
                        i + 1, current, now[0], took);
                lines.subList(Math.min(seen, lines.size()), lines.size()).stream()
                        .filter(l -> l.contains("[vpn]") || l.contains("[healthcheck]") || l.contains("ping-restart"))
                        .forEach(l -> System.err.println("    " + l));
                seen = lines.size();
                lab.startOpenVpnServer(index);
                tk.await("INFO [healthcheck] healthy!", (int) tk.count("INFO [healthcheck] healthy!"), Duration.ofSeconds(30));
            }
        }
        return ms;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String answer(Lab lab) {
        String[] a = new String[1];
        if (!Poll.until(Duration.ofSeconds(20), () -> (a[0] = lab.dialTarget(Duration.ofSeconds(1)).answer()) != null
                && a[0].startsWith("s"))) {
            throw new IllegalStateException("the target does not answer through the tunnel");
        }
        return a[0];
    }

    static void row(String what, List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        double median = sorted.get(sorted.size() / 2);
        double p10 = sorted.get((int) Math.floor(sorted.size() * 0.1));
        double p90 = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.9) - 1));
        System.out.printf("| %s | %.0f ms | %.0f-%.0f ms | %d |%n", what, median, p10, p90, sorted.size());
        System.out.flush();
    }
}
