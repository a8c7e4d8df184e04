package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.app.VpnClients;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.WireGuardSettings;
import dev.tunnelkeeper.lab.DialResult;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.process.OsProcessLauncher;
import dev.tunnelkeeper.time.SystemScheduler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real clients against the lab's real servers, run inside the lab's client namespace: they come up, carry
 * traffic, and leave nothing behind (process, link, route, rule, file), also after a crash or a failed start.
 * Timings are printed for the README.
 */
@Tag("lab")
@Timeout(300)
class VpnClientsLabTest {
    private static final int ROUNDS = 5;
    private static Lab lab;
    private static OsProcessLauncher inClient;
    private NetworkState before;

    @BeforeAll
    static void startLab() {
        LabSupport.assumeLabCanRun();
        lab = Lab.start(1);
        inClient = new OsProcessLauncher(List.of("ip", "netns", "exec", lab.clientNamespace()));
        lab.dialTarget(Duration.ofMillis(500)); // starts the lab's dial agent now, so it is part of "before"
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void snapshot() {
        before = NetworkState.of(lab.clientNamespace());
    }

    private static VpnSettings openvpn() {
        OpenVpnSettings openvpn = new OpenVpnSettings(Optional.of(lab.clientOvpn()), "", Secret.NONE, Protocol.UDP,
                Optional.empty(), 0, List.of(), 1);
        return new VpnSettings(dev.tunnelkeeper.config.VpnType.OPENVPN, "custom", lab.interfaceName("ov"), openvpn,
                VpnSettingsFixtures.wireguard());
    }

    private static VpnSettings wireguard() {
        WireGuardSettings wg = new WireGuardSettings(new Secret(lab.wireGuardClientPrivateKey()),
                Optional.of(lab.wireGuardServerPublicKey(1)), Secret.NONE, List.of(lab.wireGuardClientAddress()),
                Optional.of(lab.wireGuardEndpoint(1).ip()), Optional.of(lab.wireGuardEndpoint(1).port()), 1320,
                Duration.ofSeconds(25), WireGuardSettings.Implementation.AUTO);
        return new VpnSettings(dev.tunnelkeeper.config.VpnType.WIREGUARD, "custom", lab.interfaceName("wc"),
                VpnSettingsFixtures.openvpn(Path.of("/nonexistent.ovpn")), wg);
    }

    /** Server 1 of the lab as the one connection, built from the lab's own facts. */
    private static ConnectionSource server1(VpnSettings settings) {
        boolean wg = settings.type() == dev.tunnelkeeper.config.VpnType.WIREGUARD;
        dev.tunnelkeeper.lab.Endpoint e = wg ? lab.wireGuardEndpoint(1) : lab.openVpnEndpoint(1);
        Connection c = new Connection(lab.serverName(1), new Endpoint(e.ip(), e.port(), Protocol.UDP),
                wg ? Optional.of(lab.wireGuardServerPublicKey(1)) : Optional.empty(), "lab");
        return wish -> c;
    }

    @Test
    void openVpnComesUpCarriesTrafficAndLeavesNothingBehind() throws Exception {
        roundTrips("openvpn", openvpn());
    }

    @Test
    void wireGuardComesUpCarriesTrafficAndLeavesNothingBehind() throws Exception {
        roundTrips("wireguard", wireguard());
    }

    private void roundTrips(String name, VpnSettings settings) throws Exception {
        VpnClient client = VpnClients.create(settings, inClient);
        Connection server = server1(settings).next();
        List<Long> ready = new ArrayList<>();
        List<Long> firstDial = new ArrayList<>();
        List<Long> stop = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            long t0 = System.nanoTime();
            Tunnel tunnel = client.start(server);
            try {
                tunnel.ready().get(15, TimeUnit.SECONDS);
                ready.add(msSince(t0));
                long t1 = System.nanoTime();
                DialResult dial = lab.dialTarget(Duration.ofSeconds(3));
                firstDial.add(msSince(t1));
                assertTrue(dial.connected() && dial.answer().equals("s1"), name + " round " + round + ": " + dial);
            } finally {
                long t2 = System.nanoTime();
                tunnel.stop().get(15, TimeUnit.SECONDS);
                stop.add(msSince(t2));
            }
            assertEquals(before, NetworkState.of(lab.clientNamespace()), name + " round " + round + " left something behind");
        }
        System.out.printf("LAB %s start->ready ms %s; ready->first dial answered ms %s; stop ms %s%n", name, ready, firstDial, stop);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openvpn", "wireguard"})
    void theSupervisorRecoversFromAKilledClientAndStopsClean(String type) throws Exception {
        VpnSettings settings = type.equals("openvpn") ? openvpn() : wireguard();
        String program = type.equals("openvpn") ? "openvpn" : "wireguard-go";
        BlockingQueue<VpnEvent> events = new LinkedBlockingQueue<>();
        try (SystemScheduler scheduler = new SystemScheduler("vpn-lab")) {
            VpnSupervisor supervisor = new VpnSupervisor(VpnClients.create(settings, inClient),
                    server1(settings), KillSwitch.OFF, scheduler, Duration.ofSeconds(15), Backoff.DEFAULT, new Random());
            supervisor.addListener(events::add);
            try {
                assertEquals(VpnState.RUNNING, supervisor.sendAndWait(VpnRequest.start(Cause.USER), Duration.ofSeconds(20)).state());
                Set<Long> children = difference(pids(lab.clientNamespace()), before.processes());
                assertEquals(1, children.size(), "one " + program + ": " + children);
                events.clear();

                long t0 = System.nanoTime();
                ProcessHandle.of(children.iterator().next()).orElseThrow().destroyForcibly(); // SIGKILL, as the OOM killer would
                VpnEvent crashed = next(events, VpnState.CRASHED);
                long crashSeen = msSince(t0);
                next(events, VpnState.RUNNING);
                long back = msSince(t0);
                assertEquals(program + " exited with status 137", crashed.reason());
                assertTrue(lab.dialTarget(Duration.ofSeconds(3)).connected());
                String serverIp = lab.openVpnEndpoint(1).ip();
                long pinned = lab.exec(lab.clientNamespace(), "ip", "route").lines().filter(l -> l.startsWith(serverIp + " ")).count();
                assertEquals(type.equals("openvpn") ? 1 : 0, pinned, "what the killed client left was removed before the next one came up");

                long t1 = System.nanoTime();
                assertEquals(VpnState.RUNNING, supervisor.sendAndWait(VpnRequest.restart(Cause.USER, "lab restart"), Duration.ofSeconds(20)).state());
                long restart = msSince(t1);
                System.out.printf("LAB supervisor %s: SIGKILL->crashed seen %d ms, ->running again %d ms (backoff 1 s +-20%%); restart->running %d ms%n",
                        type, crashSeen, back, restart);
            } finally {
                assertEquals(VpnState.STOPPED, supervisor.sendAndWait(VpnRequest.stop(Cause.USER, "end of test"), Duration.ofSeconds(20)).state());
            }
        }
        assertEquals(before, NetworkState.of(lab.clientNamespace()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"openvpn", "wireguard"})
    void aServerThatNeverAnswersIsAFailedAttemptAndLeavesNothingBehind(String type) throws Exception {
        boolean openvpn = type.equals("openvpn");
        VpnSettings settings = openvpn ? openvpn() : wireguard();
        if (openvpn) {
            lab.stopOpenVpnServer(1);
        } else {
            lab.stopWireGuardServer(1);
        }
        try (SystemScheduler scheduler = new SystemScheduler("vpn-lab")) {
            VpnSupervisor supervisor = new VpnSupervisor(VpnClients.create(settings, inClient),
                    server1(settings), KillSwitch.OFF, scheduler, Duration.ofSeconds(2), Backoff.DEFAULT, new Random());
            VpnStatus outcome = supervisor.sendAndWait(VpnRequest.start(Cause.USER), Duration.ofSeconds(10));
            assertEquals(VpnState.CRASHED, outcome.state());
            Endpoint endpoint = server1(settings).next().endpoint();
            assertEquals("the tunnel to " + lab.serverName(1) + " (" + endpoint + ", lab) was not ready within 2s",
                    outcome.reason());
            assertEquals(VpnState.STOPPED, supervisor.sendAndWait(VpnRequest.stop(Cause.USER, "end of test"), Duration.ofSeconds(20)).state());
        } finally {
            if (openvpn) {
                lab.startOpenVpnServer(1);
            } else {
                lab.startWireGuardServer(1);
            }
        }
        assertEquals(before, NetworkState.of(lab.clientNamespace()));
    }

    private static VpnEvent next(BlockingQueue<VpnEvent> events, VpnState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            VpnEvent event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.to() == state) {
                return event;
            }
        }
        throw new AssertionError("no transition to " + state + " within 30 s");
    }

    private static long msSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static Set<Long> pids(String namespace) {
        return Arrays.stream(run("ip", "netns", "pids", namespace).split("\\s+"))
                .filter(s -> !s.isBlank()).map(Long::parseLong).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> difference(Set<Long> a, Set<Long> b) {
        Set<Long> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    private static String run(String... command) {
        try {
            return new OsProcessLauncher().run(List.of(command), Duration.ofSeconds(10)).output();
        } catch (dev.tunnelkeeper.process.CommandException e) {
            throw new AssertionError(e);
        }
    }

    /** What a client could leave behind in its namespace, and on the machine (WireGuard sockets, secret files). */
    private record NetworkState(String links, String routes, String rules, Set<Long> processes, Set<String> secretsAndSockets) {
        static NetworkState of(String namespace) {
            return new NetworkState(
                    run("ip", "-n", namespace, "-o", "link", "show").lines().map(l -> l.split(":? ")[1]).sorted().toList().toString(),
                    run("ip", "-n", namespace, "route", "show", "table", "all"),
                    run("ip", "-n", namespace, "rule"),
                    pids(namespace),
                    filesLeft());
        }

        private static Set<String> filesLeft() {
            Set<String> names = new TreeSet<>();
            for (Path dir : List.of(Path.of(System.getProperty("java.io.tmpdir")), Path.of("/var/run/wireguard"))) {
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("tunnelkeeper-") || n.startsWith(lab.prefix())).forEach(names::add);
                } catch (IOException e) {
                    // no such directory: nothing there
                }
            }
            return names;
        }
    }
}
