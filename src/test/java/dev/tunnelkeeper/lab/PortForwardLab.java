package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Port forwarding in a lab (PORTFORWARD.md): on each VPN server a real miniupnpd answers NAT-PMP on the server's tun0
 * (the client's tunnel gateway) and DNATs the public port on the server's outside address to the client's tunnel
 * address; the router plays the internet, with Debian's stund on two addresses of its own (10.199.0.1 and .2, routed
 * from every server) so that miniupnpd learns an outside address by STUN and enables forwarding; a real
 * qbittorrent-nox runs in the client namespace. Everything lives in the lab's namespaces, so {@link Lab#close()}
 * ends the processes and takes the firewall chains with the namespaces.
 */
public final class PortForwardLab {
    static final String STUN_PRIMARY = "10.199.0.1";
    static final String STUN_SECONDARY = "10.199.0.2";
    static final Duration READY = Duration.ofSeconds(20);
    public static final int QBITTORRENT_WEBUI_PORT = 8080;

    private final Lab lab;
    private final Path dir;
    private final Map<Integer, Process> gateways = new HashMap<>();

    private PortForwardLab(Lab lab, Path dir) {
        this.lab = lab;
        this.dir = dir;
    }

    /** Empty when the commands this lab needs are installed (bin/test installs them as root), else what is missing. */
    public static java.util.Optional<String> whyCannotRun() {
        List<String> missing = java.util.stream.Stream.of("miniupnpd", "stund", "qbittorrent-nox", "iptables-legacy-restore", "curl", "ss")
                .filter(c -> LabTools.resolve(c).equals(c)).toList();
        return missing.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of("the port forwarding lab needs "
                + String.join(", ", missing) + " (apt-get install -y --no-install-recommends miniupnpd-iptables stun-server "
                + "qbittorrent-nox natpmpc curl iproute2; bin/test does it as root)");
    }

    /** STUN on the router and a NAT-PMP gateway on every server of {@code lab}. */
    public static PortForwardLab start(Lab lab) {
        Path dir = lab.directory().resolve("portforward");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PortForwardLab pf = new PortForwardLab(lab, dir);
        String router = lab.routerNamespace();
        LabNetwork.ipBatch(router, List.of("addr add " + STUN_PRIMARY + "/32 dev lo", "addr add " + STUN_SECONDARY + "/32 dev lo"));
        Path stunLog = dir.resolve("stund.log");
        lab.startIn(router, List.of(LabTools.resolve("stund"), "-v", "-h", STUN_PRIMARY, "-a", STUN_SECONDARY), Map.of(), stunLog);
        List<Runnable> setups = new ArrayList<>();
        for (int server = 1; server <= lab.serverCount(); server++) {
            int s = server;
            setups.add(() -> pf.prepareServer(s));
        }
        Parallel.run(setups);
        for (int server = 1; server <= lab.serverCount(); server++) {
            pf.startGateway(server);
        }
        return pf;
    }

    // Forwarding on, a route to the STUN addresses, and miniupnpd's chains in the legacy x_tables it writes through
    // (libiptc), each jumped to from where PORTFORWARD.md says.
    private void prepareServer(int server) {
        String ns = lab.serverNamespace(server);
        lab.exec(ns, LabTools.path("sysctl"), "-q", "-w", "net.ipv4.ip_forward=1");
        LabNetwork.ipBatch(ns, List.of("route add 10.199.0.0/24 via " + LabAddresses.routerIpFacingServer(server)));
        Commands.check(List.of(LabTools.path("ip"), "netns", "exec", ns, LabTools.resolve("iptables-legacy-restore")), """
                *nat
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :MINIUPNPD - [0:0]
                :MINIUPNPD-POSTROUTING - [0:0]
                -A PREROUTING -i eth0 -j MINIUPNPD
                -A POSTROUTING -o eth0 -j MINIUPNPD-POSTROUTING
                COMMIT
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :MINIUPNPD - [0:0]
                -A FORWARD -i eth0 ! -o eth0 -j MINIUPNPD
                COMMIT
                *mangle
                :PREROUTING ACCEPT [0:0]
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :POSTROUTING ACCEPT [0:0]
                :MINIUPNPD - [0:0]
                COMMIT
                """);
    }

    /** Starts server i's miniupnpd (again); returns once it listens for NAT-PMP. */
    public synchronized void startGateway(int server) {
        Process running = gateways.get(server);
        if (running != null && running.isAlive()) {
            return;
        }
        Path conf = dir.resolve("s" + server + "-miniupnpd.conf");
        Path log = dir.resolve("s" + server + "-miniupnpd.log");
        try {
            Files.deleteIfExists(pidFile(server)); // it refuses to start while its pid file names a live process
            Files.writeString(conf, """
                    ext_ifname=eth0
                    listening_ip=tun0
                    enable_natpmp=yes
                    enable_upnp=no
                    ext_perform_stun=yes
                    ext_stun_host=%s
                    ext_stun_port=3478
                    system_uptime=no
                    lease_file=%s
                    allow 1024-65535 %s/24 1024-65535
                    deny 0-65535 0.0.0.0/0 0-65535
                    """.formatted(STUN_PRIMARY, leaseFile(server), LabAddresses.openVpnPool(server)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long offset = LabFiles.size(log);
        Process p = lab.startIn(lab.serverNamespace(server), List.of(LabTools.resolve("miniupnpd"), "-d", "-f", conf.toString(),
                "-P", pidFile(server).toString()), Map.of(), log);
        gateways.put(server, p);
        LogWatch.awaitLine(log, offset, "Listening for NAT-PMP", p, READY, "miniupnpd of s" + server);
    }

    /** Stops server i's miniupnpd (SIGTERM: it leaves its rules and lease file, as a restarted gateway would find them). */
    public synchronized void stopGateway(int server) {
        Process p = gateways.remove(server);
        if (p != null) {
            lab.stopProcess(p);
        }
    }

    /** SIGSTOP or SIGCONT to server i's miniupnpd: a gateway that goes silent, then answers again (PORTFORWARD.md). */
    public synchronized void pauseGateway(int server, boolean paused) {
        Process p = gateways.get(server);
        if (p == null) {
            throw new IllegalStateException("no gateway runs on s" + server);
        }
        Commands.check(List.of(LabTools.path("kill"), paused ? "-STOP" : "-CONT", Long.toString(p.pid())));
    }

    private Path pidFile(int server) {
        return dir.resolve("s" + server + "-miniupnpd.pid");
    }

    private Path leaseFile(int server) {
        return dir.resolve("s" + server + "-leases");
    }

    /** Server i's lease file: PROTO:EPORT:IADDR:IPORT:EXPIRY_UNIX:DESC lines (miniupnpd's own record of mappings). */
    public String leases(int server) {
        try {
            Path file = leaseFile(server);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Server i's NAT-PMP gateway as its OpenVPN clients see it: the server's own tunnel address, 10.8.i.1. */
    public String tunnelGateway(int server) {
        String pool = LabAddresses.openVpnPool(server);
        return pool.substring(0, pool.lastIndexOf('.')) + ".1";
    }

    /** Where server i's OpenVPN server listens, for a bare client's --remote. */
    public String serverIp(int server) {
        return LabAddresses.serverIp(server);
    }

    /** What server i's miniupnpd logged. */
    public String gatewayLog(int server) {
        return LogWatch.read(dir.resolve("s" + server + "-miniupnpd.log"), 0);
    }

    /**
     * From the router (the internet), dials server i's outside address on {@code publicPort} and exchanges BitTorrent
     * handshakes for {@code infoHash}; returns the helper's line, {@code HANDSHAKE <hash>} or {@code FAIL <why>}.
     */
    public String farSideHandshake(int server, int publicPort, String infoHash, Duration timeout) {
        List<String> command = lab.helperCommand(lab.routerNamespace(), BitTorrentPeer.class, LabAddresses.serverIp(server),
                Integer.toString(publicPort), infoHash, Long.toString(timeout.toMillis()));
        return Commands.run(command, null, timeout.plusSeconds(10)).stdout().strip();
    }

    /** A qbittorrent-nox in the client namespace, its WebUI on 127.0.0.1:8080 there, seeding one torrent. */
    public record QBittorrent(Process process, String url, String user, String password, LabTorrent torrent, Path log) {
    }

    /**
     * Starts qbittorrent-nox in the client namespace with a preset profile: the legal notice accepted, WebUI user
     * "admin" with a random password (PBKDF2 as qBittorrent stores it), its own UPnP/NAT-PMP off (else it would map
     * its port in miniupnpd by itself and prove nothing), DHT, LSD, PeX and peer country lookups off (no noise), and a
     * trackerless torrent whose data is in place. Returns once the WebUI answers.
     */
    public QBittorrent startQBittorrent(int initialPort) {
        Path profile = dir.resolve("qbittorrent");
        Path save = profile.resolve("downloads");
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(12));
        try {
            Path config = Files.createDirectories(profile.resolve("qBittorrent").resolve("config"));
            Files.writeString(config.resolve("qBittorrent.conf"), """
                    [LegalNotice]
                    Accepted=true

                    [BitTorrent]
                    Session\\DHTEnabled=false
                    Session\\LSDEnabled=false
                    Session\\PeXEnabled=false
                    Session\\Port=%d
                    Session\\DefaultSavePath=%s

                    [Network]
                    PortForwardingEnabled=false

                    [Preferences]
                    Connection\\ResolvePeerCountries=false
                    Connection\\UPnP=false
                    WebUI\\Address=127.0.0.1
                    WebUI\\Port=%d
                    WebUI\\Username=admin
                    WebUI\\Password_PBKDF2="@ByteArray(%s)"
                    """.formatted(initialPort, save, QBITTORRENT_WEBUI_PORT, pbkdf2(password)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabTorrent torrent = LabTorrent.create(dir, save);
        Path log = dir.resolve("qbittorrent.log");
        Process p = lab.startInClient(List.of(LabTools.resolve("qbittorrent-nox"), "--profile=" + profile,
                "--save-path=" + save, "--skip-hash-check", torrent.file().toString()), Map.of("HOME", profile.toString()), log);
        String url = "http://127.0.0.1:" + QBITTORRENT_WEBUI_PORT;
        long deadline = System.nanoTime() + READY.toNanos();
        while (!succeeds(lab.clientNamespace(), "curl", "-s", "-o", "/dev/null", url + "/")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new LabException("qbittorrent-nox did not answer at " + url + ": " + LogWatch.tail(log, 0));
            }
            LogWatch.sleep(Duration.ofMillis(100));
        }
        return new QBittorrent(p, url, "admin", password, torrent, log);
    }

    /** qBittorrent's listen port and whether it listens on it, asked from inside the client namespace. */
    public String listeningSockets(int port) {
        return lab.exec(lab.clientNamespace(), "ss", "-Hltn", "sport = :" + port);
    }

    private static boolean succeeds(String namespace, String... command) {
        List<String> full = new ArrayList<>(List.of(LabTools.path("ip"), "netns", "exec", namespace, LabTools.resolve(command[0])));
        full.addAll(List.of(command).subList(1, command.length));
        return Commands.run(full, null, Duration.ofSeconds(5)).exitCode() == 0;
    }

    // SALT:KEY, base64 each, KEY = PBKDF2-HMAC-SHA512(password, salt, 100000 iterations, 64 bytes)
    static String pbkdf2(String password) {
        byte[] salt = randomBytes(16);
        try {
            byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 100_000, 512)).getEncoded();
            return Base64.getEncoder().encodeToString(salt) + ":" + Base64.getEncoder().encodeToString(key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
