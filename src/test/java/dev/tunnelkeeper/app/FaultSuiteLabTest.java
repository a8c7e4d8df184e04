package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The prove-it issue's twelve faults, each injected into the real product in a three-server lab and healed, with
 * its time to healthy recorded. The health windows are the seed's defaults (success wait 5 s, unhealthy window 6 s,
 * +5 s each time), so the times are what a user would see. Each test starts from a healed lab and a healthy
 * product ({@link #settle()}); the OpenVPN faults share one product run, the others need a run of their own.
 *
 * <p>Times come from the product's own log timestamps: from the fault (or, where said, from the moment the network
 * came back) to the first "healthy!" after the "unhealthy" it caused, or, when the product repaired the fault
 * before any check failed, to the line saying it did. Each is then confirmed by a dial through the tunnel.
 * With {@code -Dtk.faults.report=FILE} the table is also written there (bench/faults.sh).
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FaultSuiteLabTest {
    private static final String KEY = "fault-suite-key";
    private static final Duration HEAL_LIMIT = Duration.ofSeconds(90);
    private static final Pattern UNHEALTHY = Pattern.compile("INFO \\[healthcheck\\] unhealthy");
    private static final Pattern HEALTHY = Pattern.compile("INFO \\[healthcheck\\] healthy!");
    private static final Pattern VPN_LEFT_RUNNING = Pattern.compile("\\[vpn\\] running -> ");
    private static final Pattern VPN_RUNNING = Pattern.compile("\\[vpn\\] \\S+ -> running");

    private Lab lab;
    private ProductRun tk;
    private final List<String> rows = new ArrayList<>();
    private boolean routerDown;
    private int droppingServer;
    private boolean plainOpenVpn;

    /** One fault's outcome: times in ms from {@code from}. */
    private record Healed(String before, String after, long millis, String how) {
    }

    @BeforeAll
    void startLab() {
        LabSupport.assumeLabCanRun();
        lab = Lab.start(3);
    }

    @AfterAll
    void report() throws IOException {
        if (tk != null) {
            tk.close();
        }
        if (lab != null) {
            lab.close();
        }
        if (rows.isEmpty()) {
            return;
        }
        List<String> table = new ArrayList<>(List.of(
                "| fault | tunnel before -> after | measured from | time to healthy | how it was noticed |",
                "|---|---|---|---|---|"));
        table.addAll(rows);
        System.out.println(String.join("\n", table));
        String file = System.getProperty("tk.faults.report");
        if (file != null) {
            Files.write(Path.of(file), table);
        }
    }

    /** Every earlier fault undone, the OpenVPN product running, healthy and carrying traffic. */
    @BeforeEach
    void settle() throws Exception {
        if (routerDown) {
            lab.router(true);
            routerDown = false;
        }
        if (droppingServer != 0) {
            lab.acceptThenDrop(droppingServer, ACCEPTED_PACKETS, false);
            droppingServer = 0;
        }
        for (int server = 1; server <= 3; server++) {
            lab.blackhole(server, false);
            lab.startOpenVpnServer(server);
            lab.startTarget(server);
        }
    }

    /** The shared OpenVPN product, started when an earlier test did not leave it running; returns the carrier. */
    private String steadyOpenVpn() throws IOException {
        if (tk == null || !plainOpenVpn || !tk.process().isAlive()) {
            useProduct(openVpnEnv(), null);
            plainOpenVpn = true;
        }
        return awaitSteady();
    }

    private Map<String, String> openVpnEnv() throws IOException {
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        return env;
    }

    private void useProduct(Map<String, String> env, Path log) {
        plainOpenVpn = false;
        if (tk != null) {
            tk.close();
        }
        tk = log == null ? ProductRun.start(lab, env) : ProductRun.start(lab, env, log);
    }

    // The last health transition was to healthy and the target answers through the tunnel.
    private String awaitSteady() {
        String[] server = new String[1];
        assertTrue(Poll.until(HEAL_LIMIT, () -> {
            List<LogLine> transitions = lines().stream().filter(l -> l.matches(HEALTHY) || l.matches(UNHEALTHY)).toList();
            return !transitions.isEmpty() && transitions.get(transitions.size() - 1).matches(HEALTHY)
                    && (server[0] = carrier()) != null;
        }), "the product is healthy and the target answers; log:\n" + tk.log());
        return server[0];
    }

    /** The server the target's answer came through, or null when it did not answer within 2 s. */
    private String carrier() {
        String answer = lab.dialTarget(Duration.ofSeconds(2)).answer();
        return answer.matches("s\\d+") ? answer : null;
    }

    private static int index(String server) {
        return Integer.parseInt(server.substring(1));
    }

    // ---- the faults, in the order ----

    @Test
    @Order(1)
    void serverProcessKilled() throws Exception {
        healsOnAnotherServerAfter(lab::stopOpenVpnServer);
    }

    @Test
    @Order(2)
    void serverBlackholed() throws Exception {
        healsOnAnotherServerAfter(server -> lab.blackhole(server, true));
    }

    /** Injects {@code fault} into the server carrying the tunnel; the heal must land on another server. */
    private void healsOnAnotherServerAfter(java.util.function.IntConsumer fault) throws IOException {
        String before = steadyOpenVpn();
        Instant at = now();
        fault.accept(index(before));
        Healed healed = awaitHealed(before, at, VPN_LEFT_RUNNING, "the fault");
        assertNotEquals(before, healed.after(), "healed on another server");
    }

    @Test
    @Order(3)
    void clientSigkilled() throws Exception {
        String before = steadyOpenVpn();
        ProcessHandle client = child("openvpn");
        Instant fault = now();
        assertTrue(client.destroyForcibly(), "SIGKILL sent to the openvpn client " + client.pid());
        awaitHealed(before, fault, VPN_LEFT_RUNNING, "the fault");
        assertTrue(tk.log().contains("[vpn] running -> "), tk.log());
    }

    @Test
    @Order(4)
    void tunnelInterfaceDeletedUnderTheClient() throws Exception {
        String before = steadyOpenVpn();
        Instant fault = now();
        lab.exec(lab.clientNamespace(), "ip", "link", "del", lab.interfaceName("tun"));
        awaitHealed(before, fault, VPN_LEFT_RUNNING, "the fault");
    }

    @Test
    @Order(6)
    void healthTargetDownWhileTheTunnelIsFine() throws Exception {
        healsOnAnotherServerAfter(lab::stopTarget);
    }

    @Test
    @Order(7)
    void everyServerDownThenOneBack() throws Exception {
        String before = steadyOpenVpn();
        long unhealthyBefore = count(UNHEALTHY);
        for (int server = 1; server <= 3; server++) {
            lab.stopOpenVpnServer(server);
        }
        // Down long enough for the healer to have tried every server and to be backing off.
        int connects = tk.connects().size();
        assertTrue(Poll.until(HEAL_LIMIT, () -> count(UNHEALTHY) > unhealthyBefore && tk.connects().size() >= connects + 3),
                "restarts went on while every server was down; log:\n" + tk.log());
        String back = before.equals("s2") ? "s3" : "s2";
        Instant serverBack = now();
        lab.startOpenVpnServer(index(back));
        Healed healed = awaitHealed(before, serverBack, VPN_LEFT_RUNNING, "one server back");
        assertEquals(back, healed.after());
    }

    /** Packets of a new flow the router lets through to the dropping server: the OpenVPN handshake needs about 20. */
    private static final int ACCEPTED_PACKETS = 40;

    @Test
    @Order(8)
    void aServerThatAcceptsThenDrops() throws Exception {
        String before = steadyOpenVpn();
        String dropping = before.equals("s1") ? "s2" : "s1";
        lab.acceptThenDrop(index(dropping), ACCEPTED_PACKETS, true);
        droppingServer = index(dropping);
        long upBefore = count(VPN_RUNNING);
        Instant switched = now();
        NamespaceHttp.Answer answer = NamespaceHttp.call(lab, lab.clientNamespace(), "PUT",
                "http://127.0.0.1:8000/v1/servers/current", "{\"name\":\"" + dropping + "\"}", Map.of("X-API-Key", KEY));
        assertEquals(200, answer.status(), answer.body());
        Healed healed = awaitHealed(before, switched, VPN_LEFT_RUNNING, "the switch to it", true);
        assertTrue(tk.connects().contains(dropping), tk.log());
        assertTrue(count(VPN_RUNNING) >= upBefore + 2, "the tunnel to " + dropping + " came up, then one elsewhere; log:\n" + tk.log());
        assertNotEquals(dropping, healed.after(), "healed away from the server that drops");
    }

    private static final Duration ROUTER_DOWN = Duration.ofSeconds(12);

    @Test
    @Order(9)
    void routerRestarted() throws Exception {
        String before = steadyOpenVpn();
        lab.router(false);
        routerDown = true;
        // The fault itself: long enough to span health checks (every 5 s) and openvpn's ping-restart (10 s), which a
        // shorter outage slips between unnoticed.
        Thread.sleep(ROUTER_DOWN.toMillis());
        Instant routerBack = now();
        lab.router(true);
        routerDown = false;
        awaitHealed(before, routerBack, VPN_LEFT_RUNNING, "the router back (after " + ROUTER_DOWN.toSeconds() + " s down)");
    }

    @Test
    @Order(10)
    void iptablesRulesFlushedOpenBySomeoneElse() throws Exception {
        String before = steadyOpenVpn();
        Instant fault = now();
        lab.exec(lab.clientNamespace(), "sh", "-c",
                "iptables -P INPUT ACCEPT && iptables -P OUTPUT ACCEPT && iptables -P FORWARD ACCEPT && iptables -F");
        Healed healed = awaitHealed(before, fault, Pattern.compile("WARN \\[firewall\\] the kill switch's rules were changed by something else"),
                "the fault");
        String rules = lab.exec(lab.clientNamespace(), "iptables", "-S");
        assertTrue(rules.startsWith("-P INPUT DROP\n-P FORWARD DROP\n-P OUTPUT DROP\n"), "the kill switch is back:\n" + rules);
        assertTrue(healed.millis() <= 6_000 || healed.how().contains("unhealthy"), "repaired within a check period: " + healed);
    }

    @Test
    @Order(11)
    void hookThatHangs() throws Exception {
        Path scripts = Files.createDirectories(lab.directory().resolve("hanging-scripts"));
        Files.writeString(scripts.resolve("hang.mjs"), """
                export const apiVersion = 1;
                export function onHealthCheckFailed(event) { while (true) {} }
                export function selectServer(candidates, event) { while (true) {} }
                """);
        Map<String, String> env = openVpnEnv();
        env.put("SCRIPTS_DIR", scripts.toString());
        useProduct(env, null);
        tk.await("hook file(s) of", 1, HEAL_LIMIT);
        String before = awaitSteady();
        Instant fault = now();
        // Blackholed, not killed: a server that refuses is left before the heal policy is asked, silence reaches
        // both hooks (onHealthCheckFailed, then selectServer).
        lab.blackhole(index(before), true);
        Healed healed = awaitHealed(before, fault, VPN_LEFT_RUNNING, "the server blackholed");
        assertNotEquals(before, healed.after());
        assertTrue(tk.count("onHealthCheckFailed: did not return within") >= 1
                && tk.count("selectServer: did not return within") >= 1,
                "both hanging hooks were stopped and the built-ins decided; log:\n" + tk.log());
        tk.close();
        tk = null; // the next test starts the plain product again
    }

    @Test
    @Order(12)
    void wireGuardGoKilled() throws Exception {
        Map<String, String> env = ProductRun.wireGuardEnv(lab);
        useProduct(env, null);
        String before = awaitSteady();
        ProcessHandle client = child("wireguard-go");
        Instant fault = now();
        assertTrue(client.destroyForcibly(), "SIGKILL sent to wireguard-go " + client.pid());
        awaitHealed(before, fault, VPN_LEFT_RUNNING, "the fault");
        tk.close();
        tk = null;
    }

    /**
     * A full disk under the log and the public IP file: a 1 MiB tmpfs the test mounts and fills. The product must go
     * on healing while every write fails, leave no temporary files, and log and write again once there is room.
     */
    @Test
    @Order(13)
    void fullDiskForTheLogAndTheIpFile() throws Exception {
        Path disk = Files.createDirectories(lab.directory().resolve("full-disk"));
        host("mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", disk.toString());
        try {
            Map<String, String> env = openVpnEnv();
            env.put("PUBLICIP_ENABLED", "on");
            env.put("PUBLICIP_API_URL", lab.startIpEcho());
            Path ipFile = disk.resolve("ip");
            env.put("PUBLICIP_FILE", ipFile.toString());
            useProduct(env, disk.resolve("tunnelkeeper.log"));
            String before = awaitSteady();
            assertTrue(Poll.until(Duration.ofSeconds(20), () -> Files.exists(ipFile)), "the IP file is written; log:\n" + tk.log());
            Path filler = disk.resolve("filler");
            fill(filler);
            long logSize = Files.size(disk.resolve("tunnelkeeper.log"));

            Instant fault = now();
            lab.stopOpenVpnServer(index(before));
            // The log cannot grow now: judge the heal by the tunnel itself.
            String[] after = new String[1];
            assertTrue(Poll.until(HEAL_LIMIT, () -> (after[0] = carrier()) != null && !after[0].equals(before)),
                    "healed on another server with the disk full");
            long millis = Duration.between(fault, now()).toMillis();
            assertTrue(tk.process().isAlive(), "still running");
            // A full tmpfs still lets a file grow into its last, partly used page, and no further.
            assertTrue(Files.size(disk.resolve("tunnelkeeper.log")) - logSize < 2 * 4096, "the disk really was full");

            Files.delete(filler);
            lab.startOpenVpnServer(index(before));
            // Room again: the next events are logged, and the IP file is written at the next tunnel-up.
            Instant second = now();
            lab.stopOpenVpnServer(index(after[0]));
            assertTrue(Poll.until(HEAL_LIMIT, () -> healedAt(lines(), second, VPN_LEFT_RUNNING).isPresent() && Files.exists(ipFile)),
                    "logging and the IP file resume once there is room; log:\n" + tk.log());
            try (Stream<Path> left = Files.list(disk)) {
                assertEquals(List.of("ip", "tunnelkeeper.log"), left.map(p -> p.getFileName().toString()).sorted().toList(),
                        "no temporary files left behind");
            }
            rows.add(row("full disk (log and PUBLICIP_FILE on a full 1 MiB tmpfs), then the server killed",
                    new Healed(before, after[0], millis, "tunnel answered through another server (the log could not grow)"),
                    "the server killed"));
        } finally {
            if (tk != null) {
                tk.close();
                tk = null;
            }
            host("umount", disk.toString());
        }
    }

    // ---- measuring ----

    private Healed awaitHealed(String before, Instant from, Pattern noticed, String fromWhat) {
        return awaitHealed(before, from, noticed, fromWhat, false);
    }

    /** @param mustGoUnhealthy the fault only counts once a check failed (a switch's own restart is no heal) */
    private Healed awaitHealed(String before, Instant from, Pattern noticed, String fromWhat, boolean mustGoUnhealthy) {
        String fault = testMethod();
        Optional<Healed>[] healed = new Optional[] {Optional.empty()};
        boolean done = Poll.until(HEAL_LIMIT, () -> {
            Optional<Instant> at = healedAt(lines(), from, mustGoUnhealthy ? UNHEALTHY : noticed);
            if (at.isEmpty()) {
                return false;
            }
            String after = carrier();
            if (after == null) {
                return false;
            }
            boolean wentUnhealthy = lines().stream().anyMatch(l -> l.matches(UNHEALTHY))
                    && (unhealthyAt(lines(), from) || lines().stream().anyMatch(l -> !l.at().isBefore(from) && l.matches(UNHEALTHY)));
            String how = wentUnhealthy ? "unhealthy, then healthy" : "repaired before any check failed";
            if (mustGoUnhealthy) {
                how += lines().stream().filter(l -> !l.at().isBefore(from) && l.matches(UNHEALTHY)).findFirst()
                        .map(l -> " (first failed check " + seconds(Duration.between(from, l.at()).toMillis()) + " after)")
                        .orElse("");
            }
            healed[0] = Optional.of(new Healed(before, after, Duration.between(from, at.get()).toMillis(), how));
            return true;
        });
        assertTrue(done, fault + ": not healed within " + HEAL_LIMIT + "; log:\n" + tk.log());
        rows.add(row(describe(fault), healed[0].orElseThrow(), fromWhat));
        return healed[0].orElseThrow();
    }

    // The fault's name is its test method's: the first caller outside the measuring helpers.
    private static String testMethod() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().equals(FaultSuiteLabTest.class.getName()))
                .map(StackWalker.StackFrame::getMethodName)
                .filter(name -> !Set.of("awaitHealed", "testMethod", "healsOnAnotherServerAfter").contains(name))
                .findFirst().orElse("unknown"));
    }

    /**
     * When the product was healthy again after {@code from}: at the first "healthy!" after it if it was already
     * unhealthy then, or after an "unhealthy" if a check failed; otherwise at the first sign it repaired the fault (the VPN running again after {@code noticed}, or the
     * {@code noticed} line itself when it is a repair, such as the kill switch's).
     */
    static Optional<Instant> healedAt(List<LogLine> lines, Instant from, Pattern noticed) {
        List<LogLine> after = lines.stream().filter(l -> !l.at().isBefore(from)).toList();
        if (unhealthyAt(lines, from)) { // measured from the network's return: healthy again is the heal
            return first(after, 0, HEALTHY).map(i -> after.get(i).at());
        }
        Optional<Integer> unhealthy = first(after, 0, UNHEALTHY);
        if (unhealthy.isPresent()) {
            return first(after, unhealthy.get(), HEALTHY).map(i -> after.get(i).at());
        }
        Optional<Integer> sign = first(after, 0, noticed);
        if (sign.isEmpty()) {
            return Optional.empty();
        }
        if (!noticed.equals(VPN_LEFT_RUNNING)) {
            return Optional.of(after.get(sign.get()).at());
        }
        return first(after, sign.get(), VPN_RUNNING).map(i -> after.get(i).at());
    }

    private static Optional<Integer> first(List<LogLine> lines, int fromIndex, Pattern pattern) {
        for (int i = fromIndex; i < lines.size(); i++) {
            if (lines.get(i).matches(pattern)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private static String row(String fault, Healed healed, String from) {
        return "| " + fault + " | " + healed.before() + " -> " + healed.after() + " | " + from + " | "
                + seconds(healed.millis()) + " | " + healed.how() + " |";
    }

    private static String seconds(long millis) {
        return String.format("%.2f s", millis / 1000.0);
    }

    private static String describe(String method) {
        return switch (method) {
            case "serverProcessKilled" -> "server process killed (OpenVPN server SIGTERM, no exit notice)";
            case "serverBlackholed" -> "server blackholed (router drops its packets)";
            case "clientSigkilled" -> "client SIGKILLed (openvpn)";
            case "tunnelInterfaceDeletedUnderTheClient" -> "tunnel interface deleted under the client (ip link del)";
            case "healthTargetDownWhileTheTunnelIsFine" -> "health target down, tunnel fine";
            case "everyServerDownThenOneBack" -> "every server down, then one back";
            case "aServerThatAcceptsThenDrops" -> "a server that accepts then drops (switched to it; " + ACCEPTED_PACKETS
                    + " packets per flow, then dropped)";
            case "routerRestarted" -> "router restarted (links down, forwarding off, " + ROUTER_DOWN.toSeconds() + " s)";
            case "iptablesRulesFlushedOpenBySomeoneElse" -> "iptables flushed by someone else (policies ACCEPT, -F)";
            case "hookThatHangs" -> "a hook that hangs (while(true) in onHealthCheckFailed and selectServer), server blackholed";
            case "wireGuardGoKilled" -> "wireguard-go killed (SIGKILL)";
            default -> method;
        };
    }

    /** One line of the product's log: its timestamp and text. */
    record LogLine(Instant at, String text) {
        boolean matches(Pattern pattern) {
            return pattern.matcher(text).find();
        }
    }

    private List<LogLine> lines() {
        List<LogLine> lines = new ArrayList<>();
        for (String line : tk.log().lines().toList()) {
            int space = line.indexOf(' ');
            if (space > 0 && Character.isDigit(line.charAt(0))) {
                try {
                    lines.add(new LogLine(Instant.parse(line.substring(0, space)), line));
                } catch (java.time.format.DateTimeParseException notALogLine) {
                    // a client's own output without our prefix
                }
            }
        }
        return lines;
    }

    /** Whether the last health transition logged before {@code at} was to unhealthy. */
    static boolean unhealthyAt(List<LogLine> lines, Instant at) {
        return lines.stream().filter(l -> l.at().isBefore(at)).filter(l -> l.matches(HEALTHY) || l.matches(UNHEALTHY))
                .reduce((a, b) -> b).map(l -> l.matches(UNHEALTHY)).orElse(false);
    }

    private long count(Pattern pattern) {
        return lines().stream().filter(l -> l.matches(pattern)).count();
    }

    // The log has millisecond timestamps: compare like with like.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The product's VPN client process (our own descendant), found by its program name. */
    private ProcessHandle child(String program) {
        return tk.process().descendants()
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals(program)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + program + " under the product " + tk.process().pid()));
    }

    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static void host(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }
}
