package dev.tunnelkeeper.lab;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A VPN test lab: real OpenVPN and wireguard-go servers in network namespaces, made for one test
 * and removed by {@link #close()}. Topology: a client namespace (10.200.0.2, default route via the
 * router), a router namespace that forwards between lab subnets only, and N server namespaces
 * (server i on 10.(200+i).0.2), each with an OpenVPN server (udp 1194), a wireguard-go server
 * (51820) and a health target on 172.16.99.1:443 that answers the server's name. The router has no
 * route to the target, so the client reaches it only through a tunnel. Servers are numbered from 1.
 *
 * <p>Needs root and the packages named by {@link LabSupport#whyLabCannotRun()}. Set the system
 * property {@code tunnelkeeper.lab.keep=true} to keep the lab directory (configs, logs) after close,
 * and {@code tunnelkeeper.lab.dir} to put lab directories somewhere other than java.io.tmpdir.
 * Starting a lab first sweeps labs left behind by JVMs that died without closing theirs.
 */
public final class Lab implements AutoCloseable {
    /** Points in {@link #start} where a test may inject a failure, to prove teardown of a half-made lab. */
    enum StartPhase { NETWORK_READY, SERVERS_READY }

    @FunctionalInterface
    interface StartHook {
        void reached(StartPhase phase, Lab lab);
    }

    private final LabNames names;
    private final int serverCount;
    private final Path dir;
    private final LabProcesses processes = new LabProcesses();
    private final List<LabServer> servers = new ArrayList<>();
    private final Set<Integer> blackholed = new HashSet<>();
    private final Map<String, NamespaceDialer> dialers = new ConcurrentHashMap<>();
    private final Thread teardownOnExit;
    /** Held by start and close: the exit hook waits for a start in progress, and a second closer waits for the first. */
    private final Object lifecycle = new Object();
    private Pki pki;
    private WireGuardKeys clientKeys;
    private WireGuardKeys[] serverKeys;
    private Path clientOvpn;
    private Duration startDuration;
    private boolean closed;

    private Lab(LabNames names, int serverCount) {
        this.names = names;
        this.serverCount = serverCount;
        this.teardownOnExit = new Thread(this::closeOnExit, "lab-" + names.prefix() + "-teardown");
        // Registered first: a JVM that dies during start still tears down what exists.
        Runtime.getRuntime().addShutdownHook(teardownOnExit);
        this.dir = LabFiles.createPrivateDirectory(baseDirectory().resolve(LabJanitor.DIRECTORY_PREFIX + names.prefix()));
        LabJanitor.claim(dir);
    }

    private static Path baseDirectory() {
        return Path.of(System.getProperty("tunnelkeeper.lab.dir", System.getProperty("java.io.tmpdir")));
    }

    /** Starts a lab with {@code servers} VPN servers (1 to 50); on failure nothing of it is left behind. */
    public static Lab start(int servers) {
        return start(servers, (phase, lab) -> { });
    }

    static Lab start(int servers, StartHook hook) {
        if (servers < 1 || servers > LabAddresses.MAX_SERVERS) {
            throw new IllegalArgumentException("a lab has 1 to " + LabAddresses.MAX_SERVERS + " servers, not " + servers);
        }
        long begin = System.nanoTime();
        LabJanitor.sweepAbandoned(baseDirectory());
        Lab lab = new Lab(LabNames.unique(), servers);
        try {
            synchronized (lab.lifecycle) {
                lab.build(hook);
            }
        } catch (RuntimeException | Error e) {
            try {
                lab.close();
            } catch (RuntimeException teardown) {
                e.addSuppressed(teardown);
            }
            throw e;
        }
        lab.startDuration = Duration.ofNanos(System.nanoTime() - begin);
        return lab;
    }

    private void build(StartHook hook) {
        serverKeys = new WireGuardKeys[serverCount + 1];
        List<Runnable> keyJobs = new ArrayList<>();
        keyJobs.add(() -> clientKeys = WireGuardKeys.generate(dir.resolve("client-wg.key")));
        for (int server = 1; server <= serverCount; server++) {
            int index = server;
            keyJobs.add(() -> serverKeys[index] = WireGuardKeys.generate(dir.resolve("s" + index + "-wg.key")));
        }
        Parallel.run(
                () -> LabNetwork.create(names, serverCount),
                () -> pki = Pki.create(dir.resolve("pki")),
                () -> Parallel.run(keyJobs));
        hook.reached(StartPhase.NETWORK_READY, this);

        clientOvpn = LabFiles.writePrivate(dir.resolve("client.ovpn"), OpenVpnConfigs.client(pki, LabAddresses.serverIp(1)));
        List<Runnable> starts = new ArrayList<>();
        for (int server = 1; server <= serverCount; server++) {
            LabServer labServer = new LabServer(server, names, dir, processes, pki, serverKeys[server], clientKeys.publicKey());
            servers.add(labServer);
            starts.addAll(List.of(labServer::startOpenVpn, labServer::startWireGuard, labServer::startTarget));
        }
        Parallel.run(starts);
        hook.reached(StartPhase.SERVERS_READY, this);
    }

    // ---- facts a test or a demo needs ----

    /** The random prefix of every namespace and interface name of this lab, e.g. "tk1a2b". */
    public String prefix() {
        return names.prefix();
    }

    /** Configs, keys and logs of this lab. */
    public Path directory() {
        return dir;
    }

    public Duration startDuration() {
        return startDuration;
    }

    public String clientNamespace() {
        return names.clientNamespace();
    }

    public String routerNamespace() {
        return names.routerNamespace();
    }

    /** "10.200.0.0/24": the client namespace's own network, as a container's Docker network is. */
    public String clientSubnet() {
        return LabAddresses.CLIENT_SUBNET;
    }

    /** The client's gateway (the router): a VPN client pins its endpoint /32 via this address. */
    public String clientGateway() {
        return LabAddresses.CLIENT_GATEWAY;
    }

    public int serverCount() {
        return serverCount;
    }

    /** "s1", "s2", ...: also what the health target answers through that server. */
    public String serverName(int server) {
        return server(server).name();
    }

    public String serverNamespace(int server) {
        return server(server).namespace();
    }

    public Endpoint openVpnEndpoint(int server) {
        server(server);
        return new Endpoint(LabAddresses.serverIp(server), LabAddresses.OPENVPN_PORT, "udp");
    }

    public Endpoint wireGuardEndpoint(int server) {
        server(server);
        return new Endpoint(LabAddresses.serverIp(server), LabAddresses.WIREGUARD_PORT, "udp");
    }

    public String wireGuardServerPublicKey(int server) {
        return server(server).keys().publicKey();
    }

    public String wireGuardClientPrivateKey() {
        return clientKeys.privateKey();
    }

    /** The client's tunnel address, accepted by every server: 10.9.0.2/32. */
    public String wireGuardClientAddress() {
        return LabAddresses.WIREGUARD_CLIENT_ADDRESS;
    }

    /** A client .ovpn with inline keys whose `remote` is server 1; it works with every server. */
    public Path clientOvpn() {
        return clientOvpn;
    }

    /** "172.16.99.1:443": reachable only through a tunnel; answers the carrying server's name. */
    public String healthTarget() {
        return LabAddresses.TARGET_IP + ":" + LabAddresses.TARGET_PORT;
    }

    /**
     * Starts, in every server namespace, a public-IP lookup service on the health target's address, port 80
     * ({@link IpEchoServer}: ipinfo.io's JSON shape with the caller's address, country "Labland", region the server's
     * name, city "Lab City"), and returns its URL for PUBLICIP_API_URL. Reachable only through a tunnel. Started on
     * demand, not by {@link #start}: most tests do not need it, and it would cost each lab a JVM per server.
     * Idempotent; {@link #close()} ends it with the rest.
     */
    public String startIpEcho() {
        List<Runnable> starts = new ArrayList<>();
        for (LabServer server : servers) {
            starts.add(server::startIpEcho);
        }
        Parallel.run(starts);
        return ipEchoUrl();
    }

    /** "http://172.16.99.1:80/json": the lookup service of {@link #startIpEcho()}. */
    public String ipEchoUrl() {
        return "http://" + LabAddresses.TARGET_IP + ":" + LabAddresses.ECHO_PORT + "/json";
    }

    /** The TLS name of the lab's DNS-over-TLS servers (their certificate, from the lab CA, carries it). */
    public static final String DOT_TLS_NAME = "dns.tunnelkeeper.lab";

    /**
     * Starts, in every server namespace, a DNS server on the health target's address ({@link LabDnsServer}: UDP and
     * TCP 53, DNS over TLS 853 with a certificate from the lab CA for {@link #DOT_TLS_NAME}), reachable only through
     * a tunnel. {@code where.tunnelkeeper.lab} and names below it answer 192.0.2.N through server N;
     * {@code target.tunnelkeeper.lab} is the health target. On demand, like {@link #startIpEcho()}; idempotent.
     */
    public void startDns() {
        Path keystore;
        synchronized (lifecycle) {
            Path existing = pki.caCert().resolveSibling(DOT_TLS_NAME + ".p12");
            keystore = java.nio.file.Files.exists(existing) ? existing : pki.tlsServerKeystore(DOT_TLS_NAME, "lab-dns");
        }
        List<Runnable> starts = new ArrayList<>();
        for (LabServer server : servers) {
            starts.add(() -> server.startDns(keystore, "lab-dns"));
        }
        Parallel.run(starts);
    }

    /** "172.16.99.1": where the lab's DNS servers listen (the health target's address), reachable only through a tunnel. */
    public String dnsAddress() {
        return LabAddresses.TARGET_IP;
    }

    /** The lab's DNS-over-TLS server as DOT_CUSTOM_SERVERS writes it: "dns.tunnelkeeper.lab@172.16.99.1:853". */
    public String dotServer() {
        return DOT_TLS_NAME + "@" + LabAddresses.TARGET_IP + ":853";
    }

    /** The lab CA's certificate (PEM): what DOT_CA_FILE must trust for {@link #dotServer()}. */
    public Path caCertificate() {
        return pki.caCert();
    }

    /** What server i's DNS server was asked ({@code QUERY <udp|tcp|tls> <name>} lines). */
    public String dnsQueries(int server) {
        return LogWatch.read(server(server).dnsLog(), 0);
    }

    /**
     * Asks a DNS server from inside one of this lab's namespaces ({@link LabDig}, one JVM for all names): one line per
     * name, {@code <name> <RCODE> <millis> <addresses...>} or {@code <name> ERROR <millis> <why>}.
     */
    public List<String> dig(String namespace, String server, int port, Duration timeout, String... names) {
        List<String> command = new ArrayList<>(HelperJvm.command(namespace, this.names, LabDig.class, HelperJvm.dnsLibraries(),
                server, Integer.toString(port), Long.toString(timeout.toMillis())));
        command.addAll(List.of(names));
        requireOwn(namespace);
        return Commands.check(command).lines().filter(l -> !l.isBlank() && !l.startsWith("SLF4J")).toList();
    }

    /** A machine-wide unique interface name for this lab (e.g. for a client's wireguard-go): prefix + "-" + tag. */
    public String interfaceName(String tag) {
        return names.interfaceName(tag);
    }

    // ---- fault injection ----

    /** Kills server i's OpenVPN server (SIGTERM, no exit notification): its clients see only silence. */
    public void stopOpenVpnServer(int server) {
        server(server).stopOpenVpn();
    }

    /** Starts server i's OpenVPN server again (same config and keys); returns once it is ready. */
    public void startOpenVpnServer(int server) {
        server(server).startOpenVpn();
    }

    public void stopWireGuardServer(int server) {
        server(server).stopWireGuard();
    }

    public void startWireGuardServer(int server) {
        server(server).startWireGuard();
    }

    /** Drops, in the router, every packet to or from server i (both VPNs), or stops doing so. */
    public void blackhole(int server, boolean on) {
        server(server);
        synchronized (blackholed) {
            if (blackholed.contains(server) == on) {
                return;
            }
            String port = LabNetwork.routerPortFacingServer(server);
            String action = on ? "-I" : "-D";
            exec(routerNamespace(), "iptables", "-w", action, "FORWARD", "-i", port, "-j", "DROP");
            exec(routerNamespace(), "iptables", "-w", action, "FORWARD", "-o", port, "-j", "DROP");
            if (on) {
                blackholed.add(server);
            } else {
                blackholed.remove(server);
            }
        }
    }

    /** Stops server i's health target: its tunnels still carry traffic, but the target there refuses. */
    public void stopTarget(int server) {
        server(server).stopTarget();
    }

    /** Starts server i's health target again; returns once it listens. */
    public void startTarget(int server) {
        server(server).startTarget();
    }

    /**
     * A server that accepts, then drops: the router forwards the first {@code packets} packets (both directions
     * counted) of each new flow to or from server i, and drops the rest. A VPN handshake fits in the allowance, so the
     * tunnel comes up, then goes silent. Off removes the rules.
     */
    public void acceptThenDrop(int server, int packets, boolean on) {
        server(server);
        String port = LabNetwork.routerPortFacingServer(server);
        String action = on ? "-I" : "-D";
        for (String direction : List.of("-i", "-o")) {
            exec(routerNamespace(), "iptables", "-w", action, "FORWARD", direction, port, "-m", "connbytes",
                    "--connbytes", packets + ":", "--connbytes-dir", "both", "--connbytes-mode", "packets", "-j", "DROP");
        }
    }

    /**
     * The router restarted: every link down and forwarding off (so every tunnel goes silent and the router forgets
     * its routes), or, with {@code up}, forwarding on and the links up again (their routes come back with them).
     */
    public void router(boolean up) {
        List<String> links = new ArrayList<>(List.of("l-cli"));
        for (int server = 1; server <= serverCount; server++) {
            links.add(LabNetwork.routerPortFacingServer(server));
        }
        if (!up) {
            exec(routerNamespace(), LabTools.path("sysctl"), "-q", "-w", "net.ipv4.ip_forward=0");
        }
        LabNetwork.ipBatch(routerNamespace(), links.stream().map(link -> "link set " + link + (up ? " up" : " down")).toList());
        if (up) {
            exec(routerNamespace(), LabTools.path("sysctl"), "-q", "-w", "net.ipv4.ip_forward=1");
        }
    }

    // ---- running things inside the lab ----

    /** Runs a command to completion inside one of this lab's namespaces; returns stdout, throws on failure. */
    public String exec(String namespace, String... command) {
        return Commands.check(inNamespace(namespace, List.of(command)));
    }

    /**
     * Starts a long-running command in the client namespace with stdout and stderr appended to
     * {@code logFile}. The lab tracks it: {@link #close()} ends it if the test did not.
     */
    public Process startInClient(List<String> command, Map<String, String> env, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(inNamespace(clientNamespace(), command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(env);
        return processes.start(builder, "`" + String.join(" ", command) + "` in " + clientNamespace());
    }

    /** Like {@link #startInClient}, in any of this lab's namespaces (a server's NAT-PMP gateway, the router's STUN). */
    Process startIn(String namespace, List<String> command, Map<String, String> env, Path logFile) {
        ProcessBuilder builder = new ProcessBuilder(inNamespace(namespace, command))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(env);
        return processes.start(builder, "`" + String.join(" ", command) + "` in " + namespace);
    }

    /** The command line of a lab helper main class ({@link HelperJvm}) in one of this lab's namespaces. */
    List<String> helperCommand(String namespace, Class<?> mainClass, String... args) {
        requireOwn(namespace);
        return HelperJvm.command(namespace, names, mainClass, args);
    }

    /**
     * Starts one of the lab's helper programs ({@code main} of a JDK-only class of this package) in one of this lab's
     * namespaces, its output appended to {@code logFile}, and waits for its READY line. The lab tracks it.
     */
    public Process startHelper(String namespace, Class<?> main, Path logFile, String... args) {
        requireOwn(namespace);
        long offset = LabFiles.size(logFile);
        ProcessBuilder builder = new ProcessBuilder(HelperJvm.command(namespace, names, main, args))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        String what = main.getSimpleName() + " in " + namespace;
        Process p = processes.start(builder, what);
        LogWatch.awaitLine(logFile, offset, "READY", p, Duration.ofSeconds(20), what);
        return p;
    }

    /**
     * Starts {@link LabNameServer} on {@code ip}:53 in the router's namespace: the resolver the client's resolver
     * configuration names, reached outside any tunnel. Its answers come from {@code answers}, read at each query.
     */
    public Process startNameServer(String ip, Path answers, int ttlSeconds, Path logFile) {
        String namespace = routerNamespace();
        long offset = LabFiles.size(logFile);
        ProcessBuilder builder = new ProcessBuilder(HelperJvm.command(namespace, names, LabNameServer.class,
                HelperJvm.dnsLibraries(), ip, "53", answers.toString(), String.valueOf(ttlSeconds)))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        String what = "LabNameServer in " + namespace;
        Process p = processes.start(builder, what);
        LogWatch.awaitLine(logFile, offset, "READY", p, Duration.ofSeconds(20), what);
        return p;
    }

    /** Ends a process from {@link #startInClient}: SIGTERM, then SIGKILL if it lingers. */
    public void stopProcess(Process process) {
        processes.stop(process);
    }

    /** TCP-dials the health target from the client namespace and reads its answer. */
    public DialResult dialTarget(Duration timeout) {
        return dial(clientNamespace(), LabAddresses.TARGET_IP, LabAddresses.TARGET_PORT, timeout);
    }

    /** TCP-dials from inside one of this lab's namespaces (which have no route out of the lab). */
    public DialResult dial(String namespace, String ip, int port, Duration timeout) {
        requireOwn(namespace);
        NamespaceDialer dialer = dialers.compute(namespace, (ns, existing) -> existing != null && existing.isAlive()
                ? existing
                : NamespaceDialer.start(ns, names, processes, dir.resolve(ns + "-dial-agent.log")));
        return dialer.dial(ip, port, timeout);
    }

    /** PIDs of the processes the lab is tracking (for teardown tests). */
    List<Long> pids() {
        return processes.pids();
    }

    // ---- teardown ----

    /**
     * Ends every process the lab started (by PID; SIGTERM, then SIGKILL), then anything else still in
     * its namespaces, deletes its WireGuard sockets, namespaces and directory. Idempotent; also runs
     * at JVM exit. Every step runs even if an earlier one failed. A concurrent caller returns only
     * once teardown is complete (the JVM halts when its exit hook returns).
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (!closed) {
                closed = true;
                try {
                    tearDown();
                } finally {
                    // Only now: a SIGTERM during teardown must still find the hook, or the JVM would halt mid-way.
                    forgetExitHook();
                }
            }
        }
    }

    private void forgetExitHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(teardownOnExit);
        } catch (IllegalStateException e) {
            // already shutting down (perhaps this is the hook running): nothing to forget
        }
    }

    private void tearDown() {
        List<RuntimeException> failures = new ArrayList<>();
        attempt(failures, processes::stopAll);
        attempt(failures, () -> LabNetwork.killProcessesInside(names));
        attempt(failures, () -> WireGuardSockets.deleteAll(names));
        attempt(failures, () -> LabNetwork.deleteNamespaces(names));
        if (Boolean.getBoolean("tunnelkeeper.lab.keep")) {
            attempt(failures, () -> LabJanitor.release(dir));
        } else {
            attempt(failures, () -> LabFiles.deleteTree(dir));
        }
        if (!failures.isEmpty()) {
            LabException failure = new LabException("teardown of lab " + prefix() + " failed: " + failures.getFirst().getMessage());
            failures.forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private void closeOnExit() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("tunnelkeeper lab " + prefix() + ": " + e.getMessage());
        }
    }

    private static void attempt(List<RuntimeException> failures, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private LabServer server(int server) {
        if (server < 1 || server > serverCount) {
            throw new IllegalArgumentException("lab " + prefix() + " has servers 1 to " + serverCount + ", not " + server);
        }
        if (servers.size() < server) {
            throw new IllegalStateException("lab " + prefix() + " has not started server " + server);
        }
        return servers.get(server - 1);
    }

    private List<String> inNamespace(String namespace, List<String> command) {
        requireOwn(namespace);
        if (command.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        return Stream.concat(
                Stream.of(LabTools.path("ip"), "netns", "exec", namespace, LabTools.resolve(command.getFirst())),
                command.stream().skip(1)).toList();
    }

    private void requireOwn(String namespace) {
        if (!names.owns(namespace)) {
            throw new IllegalArgumentException("namespace " + namespace + " is not one of lab " + prefix() + "'s");
        }
    }

    @Override
    public String toString() {
        return "Lab[" + prefix() + ", " + serverCount + " servers, " + dir + "]";
    }
}
