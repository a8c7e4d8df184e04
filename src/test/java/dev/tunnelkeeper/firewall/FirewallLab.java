package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Three network namespaces made for one test class and wired only to each other; the host's own namespace and
 * network are never touched (each veth is created inside a lab namespace). IPv6 is disabled in all three.
 * <pre>
 *  cli  eth0 10.231.0.2/24 --veth-- l-cli  10.231.0.1 \  lan (ip_forward=1)
 *  peer eth0 10.232.0.2/24 --veth-- l-peer 10.232.0.1 /
 *  cli  tun0 10.240.0.1/30 --veth-- vpn0 10.240.0.2/30 peer   (stands in for a VPN tunnel)
 * </pre>
 * Names are {@code tkfw-<pid>-<4 hex>-<role>}: a later run deletes the namespaces of a run whose JVM is gone.
 */
final class FirewallLab implements AutoCloseable {
    static final String CLI_IP = "10.231.0.2";
    static final String LAN_IP = "10.231.0.1";
    static final String PEER_IP = "10.232.0.2";
    static final String PEER_SECOND_IP = "10.232.0.3";
    static final String CLI_TUNNEL_IP = "10.240.0.1";
    static final String PEER_TUNNEL_IP = "10.240.0.2";

    private static final Path NETNS = Path.of("/run/netns");
    private static final Pattern OURS = Pattern.compile("tkfw-(\\d+)-[0-9a-f]{4}-[a-z]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String prefix;
    private final List<String> namespaces = new ArrayList<>();
    private final List<NetAgentProcess> agents = new ArrayList<>();
    private final OsProcessLauncher runner = new OsProcessLauncher();
    private final Path logs;

    private FirewallLab(String prefix) throws IOException {
        this.prefix = prefix;
        this.logs = Files.createTempDirectory(prefix + "-logs");
    }

    /** Skips the calling test class where namespaces and iptables cannot be used. */
    static void assumeLabCanRun() {
        Optional<String> why = whyNot();
        Assumptions.assumeTrue(why.isEmpty(), () -> "firewall lab skipped: " + why.orElse(""));
    }

    private static Optional<String> whyNot() {
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) {
            return Optional.of("needs Linux network namespaces");
        }
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            if (!status.lines().anyMatch(line -> line.matches("Uid:\\s+0\\s.*"))) {
                return Optional.of("needs root to create network namespaces");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        for (String tool : List.of("ip", "iptables", "ip6tables", "iptables-restore", "ip6tables-restore")) {
            if (Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .noneMatch(dir -> Files.isExecutable(Path.of(dir, tool)))) {
                return Optional.of("needs " + tool + " (apt-get install -y --no-install-recommends iptables iproute2)");
            }
        }
        return Optional.empty();
    }

    static FirewallLab start() throws Exception {
        sweepAbandoned();
        FirewallLab lab = new FirewallLab("tkfw-" + ProcessHandle.current().pid() + "-"
                + HexFormat.of().formatHex(new byte[] {(byte) RANDOM.nextInt(), (byte) RANDOM.nextInt()}));
        try {
            lab.build();
            return lab;
        } catch (Exception | Error e) {
            lab.close();
            throw e;
        }
    }

    private void build() throws FirewallException {
        for (String role : List.of("cli", "lan", "peer")) {
            String ns = ns(role);
            check("ip", "netns", "add", ns);
            namespaces.add(ns);
            // Before any link exists, so every interface is made without IPv6.
            in(role, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            in(role, "ip", "link", "set", "lo", "up");
        }
        in("lan", "ip", "link", "add", "l-cli", "type", "veth", "peer", "name", "eth0", "netns", ns("cli"));
        in("lan", "ip", "link", "add", "l-peer", "type", "veth", "peer", "name", "eth0", "netns", ns("peer"));
        in("cli", "ip", "link", "add", "tun0", "type", "veth", "peer", "name", "vpn0", "netns", ns("peer"));
        in("lan", "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        address("lan", "l-cli", LAN_IP + "/24");
        address("lan", "l-peer", "10.232.0.1/24");
        address("cli", "eth0", CLI_IP + "/24");
        address("cli", "tun0", CLI_TUNNEL_IP + "/30");
        address("peer", "eth0", PEER_IP + "/24");
        in("peer", "ip", "addr", "add", PEER_SECOND_IP + "/24", "dev", "eth0");
        address("peer", "vpn0", PEER_TUNNEL_IP + "/30");
        in("cli", "ip", "route", "add", "default", "via", LAN_IP);
        in("peer", "ip", "route", "add", "default", "via", "10.232.0.1");
    }

    private void address(String role, String iface, String cidr) throws FirewallException {
        in(role, "ip", "addr", "add", cidr, "dev", iface);
        in(role, "ip", "link", "set", iface, "up");
    }

    String ns(String role) {
        return prefix + "-" + role;
    }

    /** The kill switch's commands, run inside the client namespace. */
    FirewallCommands clientCommands() {
        return FirewallCommands.DEFAULTS.prefixedWith(List.of("ip", "netns", "exec", ns("cli")));
    }

    NetAgentProcess agent(String role) {
        NetAgentProcess agent = NetAgentProcess.start(ns(role), logs.resolve(role + "-agent.log"));
        agents.add(agent);
        return agent;
    }

    /** Runs a command in a lab namespace and returns its stdout; a failure names the command and its output. */
    String in(String role, String... command) throws FirewallException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", ns(role)));
        full.addAll(List.of(command));
        return check(full.toArray(String[]::new));
    }

    /** What {@code iptables -S} (or ip6tables) prints in the client namespace. */
    List<String> clientRules(IpFamily family) throws FirewallException {
        return in("cli", family.tool(), "-S").lines().toList();
    }

    /** Both families wide open again (ACCEPT, no rules), as before any kill switch. */
    void openClientFirewall() throws FirewallException {
        String open = "*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n";
        for (IpFamily family : IpFamily.values()) {
            CommandResult result = run(List.of("ip", "netns", "exec", ns("cli"), family.tool() + "-restore"), open,
                    Duration.ofSeconds(10));
            if (!result.succeeded()) {
                throw new FirewallException(result.describe());
            }
        }
    }

    private CommandResult run(List<String> command, String stdin, Duration timeout) throws FirewallException {
        try {
            return runner.run(command, stdin, timeout);
        } catch (CommandException e) {
            throw new FirewallException(e.getMessage(), e);
        }
    }

    private String check(String... command) throws FirewallException {
        CommandResult result = run(List.of(command), "", Duration.ofSeconds(20));
        if (!result.succeeded()) {
            throw new FirewallException(result.describe());
        }
        return result.stdout();
    }

    /** Stops this lab's agents (by their own handles) and deletes its namespaces, even after a failure. */
    @Override
    public void close() {
        agents.forEach(NetAgentProcess::close);
        agents.clear();
        List<String> failures = new ArrayList<>();
        for (String ns : namespaces.reversed()) {
            try {
                check("ip", "netns", "del", ns);
            } catch (FirewallException e) {
                failures.add(e.getMessage());
            }
        }
        namespaces.clear();
        deleteLogs();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("lab " + prefix + " not fully removed: " + failures);
        }
    }

    private void deleteLogs() {
        try (Stream<Path> files = Files.list(logs)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(logs);
        } catch (IOException e) {
            System.err.println("firewall lab: cannot delete " + logs + ": " + e.getMessage());
        }
    }

    /** Deletes namespaces left by an earlier run whose JVM no longer exists (killed before its cleanup ran). */
    private static void sweepAbandoned() throws IOException {
        if (!Files.isDirectory(NETNS)) {
            return;
        }
        List<String> abandoned;
        try (Stream<Path> entries = Files.list(NETNS)) {
            abandoned = entries.map(path -> path.getFileName().toString())
                    .filter(name -> {
                        Matcher m = OURS.matcher(name);
                        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
                    })
                    .toList();
        }
        OsProcessLauncher runner = new OsProcessLauncher();
        for (String ns : abandoned) {
            try {
                runner.run(List.of("ip", "netns", "del", ns), "", Duration.ofSeconds(10));
            } catch (CommandException e) {
                System.err.println("firewall lab: cannot delete abandoned namespace " + ns + ": " + e.getMessage());
            }
        }
    }
}
