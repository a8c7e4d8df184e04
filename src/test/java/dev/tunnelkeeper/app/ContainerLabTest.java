package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.LeakCounters;
import dev.tunnelkeeper.lab.Podman;
import dev.tunnelkeeper.testing.Poll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The image as users run it: built by bin/image from this checkout, started with podman in the lab's client namespace
 * ({@code --network ns:...}, NET_ADMIN, /dev/net/tun) with the shipped /app/config and only the settings a user writes
 * (the VPN's, a health target, and a DNS upstream and IP lookup of the lab's, since tests never dial outside the lab).
 * Its own HEALTHCHECK is driven by {@code podman healthcheck run} every 5 s, as Docker's timer would (no systemd here).
 * A second container shares its network ({@code --network container:}, compose's {@code network_mode: service:}).
 */
@Tag("lab")
@Tag("container")
class ContainerLabTest {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final String ROUTER_HOST = "10.201.0.1"; // outside the client's subnet: reachable only by leaking
    private static String image;

    @BeforeAll
    static void buildImage() throws IOException {
        LabSupport.assumeLabCanRun();
        Optional<String> why = Podman.whyCannotRun();
        Assumptions.assumeTrue(why.isEmpty(), () -> "container tests skipped: " + why.orElse(""));
        Path log = Files.createTempFile("tunnelkeeper-image-", ".log");
        image = Podman.buildImage(log);
        Files.deleteIfExists(log);
    }

    /**
     * OpenVPN: healthy; the server dies and the HEALTHCHECK fails; it comes back and the VPN client is restarted, not
     * the container, and the dependent container works again without a restart; 10 SIGKILLed clients leak nothing;
     * `podman stop` is quick and clean.
     */
    @Test
    void openVpnHealsInTheImageAndItsDependentKeepsItsNetwork() throws Exception {
        try (Lab lab = Lab.start(1); Containers containers = new Containers(lab)) {
            Map<String, String> env = userSettings(lab);
            // As providers write it: the server by name, resolved in the container (here from its /etc/hosts).
            String ip = lab.openVpnEndpoint(1).ip();
            Path ovpn = Files.writeString(lab.directory().resolve("provider.ovpn"),
                    Files.readString(lab.clientOvpn()).replace("remote " + ip + " ", "remote vpn-s1.lab.test "));
            env.put("OPENVPN_CUSTOM_CONFIG", "/vpn/client.ovpn");
            // As users list their Docker network: it is on-link, so it keeps its route (it stopped the start before).
            env.put("FIREWALL_OUTBOUND_SUBNETS", lab.clientSubnet());
            LeakCounters leaks = LeakCounters.install(lab, "openvpn", ROUTER_HOST);
            String tk = containers.startProduct(env, "-v", ovpn + ":/vpn/client.ovpn:ro", "--add-host", "vpn-s1.lab.test:" + ip);
            try (HealthDriver health = new HealthDriver(tk)) {
                health.awaitExit(0, UP, containers);
                assertEquals("healthy", Podman.inspect(tk, "{{.State.Health.Status}}"));
                assertTrue(containers.log(tk).contains("INFO [servers] vpn-s1.lab.test resolved to " + ip), containers.log(tk));
                String dependent = containers.startDependent(tk);
                assertEquals(lab.serverName(1), containers.dialTarget(dependent), "the dependent reaches the target through the tunnel");

                lab.stopOpenVpnServer(1);
                health.awaitExit(1, UP, containers);
                assertEquals("unhealthy", Podman.inspect(tk, "{{.State.Health.Status}}"));
                assertEquals("", containers.dialTarget(dependent), "nothing gets out while the VPN is down");

                lab.startOpenVpnServer(1);
                health.awaitExit(0, Duration.ofSeconds(90), containers);
                // The VPN client was started again (by the healer, or at once on the refusals), the container was not.
                assertTrue(containers.count(tk, "-> running") >= 2, containers.log(tk));
                assertEquals(lab.serverName(1), containers.dialTarget(dependent), "the dependent works again, not restarted");
                assertEquals("0", Podman.inspect(tk, "{{.RestartCount}}"));
                assertEquals("0", Podman.inspect(dependent, "{{.RestartCount}}"));

                // 10 forced client crashes, with traffic from the dependent all along (to the target, and to an address
                // that only a leak could reach): nothing leaves the namespace outside the tunnel.
                try (Traffic traffic = new Traffic(containers, dependent)) {
                    for (int crash = 1; crash <= 10; crash++) {
                        long running = containers.count(tk, "-> running");
                        ProcessHandle client = containers.child(tk, "openvpn");
                        assertTrue(client.destroyForcibly(), "SIGKILL to openvpn " + client.pid());
                        final int n = crash;
                        assertTrue(Poll.until(UP, () -> containers.count(tk, "-> running") > running),
                                "crash " + n + " healed; log:\n" + containers.log(tk));
                        // A tunnel lost within 1 s of coming up is retried after the backoff, one up longer at once:
                        // each crash here is of a tunnel that was up, as in real life.
                        sleepQuietly(1_500);
                    }
                    assertTrue(traffic.attempts() > 20, "traffic throughout: " + traffic.attempts());
                }
                assertEquals(0, leaks.leftClient(), "left the client outside the tunnel" + leaks.detail());
                assertEquals(0, leaks.arrivedRouter(), "reached the router outside the tunnel" + leaks.detail());
                assertTrue(leaks.vpnPackets() > 0, "the counters see the VPN traffic");
                health.awaitExit(0, UP, containers);
            }
            containers.stopWithinTwoSecondsCleanly(tk);
        }
    }

    /** WireGuard (wireguard-go in the image): healthy, unhealthy while its server is down, healthy after the heal. */
    @Test
    void wireGuardHealsInTheImage() throws Exception {
        try (Lab lab = Lab.start(1); Containers containers = new Containers(lab)) {
            Map<String, String> env = userSettings(lab);
            env.putAll(ProductRun.wireGuardSettings(lab));
            String tk = containers.startProduct(env);
            try (HealthDriver health = new HealthDriver(tk)) {
                health.awaitExit(0, UP, containers);
                lab.stopWireGuardServer(1);
                health.awaitExit(1, UP, containers);
                // The server stays down until the healer restarts the client: WireGuard's handshakes would otherwise
                // bring the tunnel back by themselves when it returns within the 6 s window, with nothing to heal.
                assertTrue(Poll.until(UP, () -> containers.log(tk).contains("restarting VPN")), containers.log(tk));
                lab.startWireGuardServer(1);
                health.awaitExit(0, Duration.ofSeconds(90), containers);
                assertFalse(containers.log(tk).contains("WIREGUARD_PRIVATE_KEY=" + lab.wireGuardClientPrivateKey()));
                assertFalse(containers.log(tk).contains(lab.wireGuardClientPrivateKey()), "the private key is never logged");
                assertTrue(containers.log(tk).contains("INFO [settings] ├── Control server settings:"), containers.log(tk));
            }
            containers.stopWithinTwoSecondsCleanly(tk);
        }
    }

    /**
     * What a user writes: the VPN's settings (added by each test), a health target, and, because tests never dial
     * outside the lab, the lab's DNS upstream and public-IP lookup instead of the defaults (DoT to cloudflare, ipinfo.io).
     */
    private static Map<String, String> userSettings(Lab lab) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HEALTH_TARGET_ADDRESS", lab.healthTarget());
        env.put("DOT", "off");
        env.put("DNS_UPSTREAM_ADDRESSES", lab.dnsAddress());
        env.put("PUBLICIP_API_URL", lab.startIpEcho());
        return env;
    }

    /** The containers of one test, removed at the end whatever happened. */
    private static final class Containers implements AutoCloseable {
        private final Lab lab;
        private final List<String> names = new ArrayList<>();

        Containers(Lab lab) {
            this.lab = lab;
        }

        /** The product in the lab's client namespace; settings through an env file (0600), as secrets should go. */
        String startProduct(Map<String, String> env, String... extra) throws IOException {
            String name = "tk-" + lab.prefix();
            Path envFile = Podman.envFile(lab.directory().resolve(name + ".env"), env);
            List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name,
                    "--network", "ns:/run/netns/" + lab.clientNamespace(),
                    "--cap-add", "NET_ADMIN", "--device", "/dev/net/tun", "--env-file", envFile.toString()));
            args.addAll(List.of(extra));
            args.add(image);
            names.add(name);
            Podman.check(args.toArray(String[]::new));
            return name;
        }

        /** A container on the product's network, as compose's network_mode: service:tunnelkeeper. */
        String startDependent(String product) {
            String name = "tk-dep-" + lab.prefix();
            names.add(name);
            Podman.check("run", "--detach", "--name", name, "--network", "container:" + product, Podman.BASE_IMAGE,
                    "sleep", "infinity");
            return name;
        }

        /** From inside {@code container}: dials the lab's health target, returns its answer (the server's name) or "". */
        String dialTarget(String container) {
            Podman.Outcome r = Podman.run(Duration.ofSeconds(20), "exec", container, "bash", "-c",
                    "exec 3<>/dev/tcp/172.16.99.1/443 && timeout 3 head -n 1 <&3");
            return r.exit() == 0 ? r.stdout().strip() : "";
        }

        String log(String container) {
            Podman.Outcome r = Podman.run(Duration.ofSeconds(20), "logs", container);
            return r.stdout() + r.stderr();
        }

        long count(String container, String needle) {
            return log(container).lines().filter(l -> l.contains(needle)).count();
        }

        /** A process the product started inside the container (seen from here: the same PIDs). */
        ProcessHandle child(String container, String program) {
            long pid = Long.parseLong(Podman.inspect(container, "{{.State.Pid}}"));
            Optional<ProcessHandle> found = Optional.empty();
            for (int i = 0; i < 100 && found.isEmpty(); i++) {
                found = ProcessHandle.of(pid).orElseThrow().descendants()
                        .filter(p -> p.info().command().map(c -> c.endsWith("/" + program)).orElse(false))
                        .findFirst();
                if (found.isEmpty()) {
                    sleepQuietly(100);
                }
            }
            return found.orElseThrow(() -> new AssertionError("no " + program + " under the container's PID " + pid));
        }

        /** `podman stop` (SIGTERM): within 2 s, exit code 0, and no process of the container left. */
        void stopWithinTwoSecondsCleanly(String container) {
            long pid = Long.parseLong(Podman.inspect(container, "{{.State.Pid}}"));
            long start = System.nanoTime();
            Podman.check("stop", "--time", "10", container);
            long ms = (System.nanoTime() - start) / 1_000_000;
            System.out.printf("CONTAINER-STOP %s: %d ms, exit code %s%n", container, ms,
                    Podman.inspect(container, "{{.State.ExitCode}}"));
            assertTrue(ms < 2_000, "podman stop took " + ms + " ms; log:\n" + log(container));
            assertEquals("0", Podman.inspect(container, "{{.State.ExitCode}}"), log(container));
            assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "the product's JVM is gone");
        }

        @Override
        public void close() {
            for (String name : names.reversed()) {
                Podman.remove(name);
            }
            List<String> left = Podman.containers().stream().filter(names::contains).toList();
            assertEquals(List.of(), left, "containers left behind");
        }
    }

    /** `podman healthcheck run` every 5 s, as Docker's HEALTHCHECK --interval=5s would. */
    private static final class HealthDriver implements AutoCloseable {
        private final List<Integer> exits = new CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        HealthDriver(String container) {
            thread = Thread.ofPlatform().name("healthcheck-" + container).daemon().start(() -> {
                while (running.get()) {
                    exits.add(Podman.healthcheck(container));
                    for (int i = 0; i < 50 && running.get(); i++) {
                        sleepQuietly(100);
                    }
                }
            });
        }

        /** Waits until a healthcheck run exits with {@code code}, from now on. */
        void awaitExit(int code, Duration limit, Containers containers) {
            int from = exits.size();
            boolean seen = Poll.until(limit, () -> exits.subList(Math.min(from, exits.size()), exits.size()).contains(code));
            assertTrue(seen, "no healthcheck exit " + code + " within " + limit + " (exits so far " + exits + ")");
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(40_000);
        }
    }

    /** The dependent dials the target and an address outside the lab's client subnet, in a loop, until closed. */
    private static final class Traffic implements AutoCloseable {
        private final Podman.Outcome[] last = new Podman.Outcome[1];
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        Traffic(Containers containers, String dependent) {
            thread = Thread.ofPlatform().name("traffic").daemon().start(() -> {
                while (running.get()) {
                    last[0] = Podman.run(Duration.ofSeconds(30), "exec", dependent, "bash", "-c",
                            "for i in $(seq 20); do timeout 0.3 bash -c 'exec 3<>/dev/tcp/172.16.99.1/443' 2>/dev/null; "
                                    + "timeout 0.3 bash -c 'exec 3<>/dev/tcp/" + ROUTER_HOST + "/80' 2>/dev/null; sleep 0.1; done");
                    attempts.addAndGet(40);
                }
            });
        }

        int attempts() {
            return attempts.get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(60_000);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
