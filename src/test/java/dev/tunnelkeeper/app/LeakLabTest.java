package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.LeakCounters;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kill switch holds across restarts: while the supervisor is forced through 50 restarts (server changes, and a
 * SIGKILLed client every tenth), traffic to the health target and to a router address outside the client's subnet
 * is attempted every 50 ms, and iptables counters on both sides of the client's link count every packet that is
 * not VPN traffic to a lab server's endpoint. The count must be zero.
 */
@Tag("lab")
class LeakLabTest {
    private static final String ROUTER_HOST = "10.201.0.1"; // the router's address on server 1's link: not the client's subnet

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @ParameterizedTest
    @ValueSource(strings = {"openvpn", "wireguard"})
    void fiftyRestartsLeakNothing(String vpn) throws Exception {
        try (Lab lab = Lab.start(2)) {
            Map<String, String> env = vpn.equals("openvpn") ? ProductRun.openVpnEnv(lab) : ProductRun.wireGuardEnv(lab);
            env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
            env.put("VPN_READY_TIMEOUT", "10s");
            LeakCounters counters = LeakCounters.install(lab, vpn, ROUTER_HOST);

            Path out = lab.directory().resolve("driver-" + vpn + ".log");
            Process driver = lab.startInClient(List.of(JavaProcess.javaBinary(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", JavaProcess.fullClasspath(), RestartDriver.class.getName(), "50"), env, out);
            // Traffic starts once the kill switch is on and the first tunnel is up, as in the product (where the
            // firewall closes before anything else runs); what a namespace sends before the product starts is not ours.
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> read(out).contains("READY") || !driver.isAlive()),
                    "the driver's first tunnel; log:\n" + read(out));
            AtomicBoolean traffic = new AtomicBoolean(true);
            AtomicInteger attempts = new AtomicInteger();
            Thread generator = Thread.ofPlatform().name("traffic").start(() -> {
                while (traffic.get()) {
                    lab.dialTarget(Duration.ofMillis(40));
                    lab.dial(lab.clientNamespace(), ROUTER_HOST, 80, Duration.ofMillis(40));
                    attempts.addAndGet(2);
                    sleep(50);
                }
            });
            try {
                assertTrue(driver.waitFor(240, TimeUnit.SECONDS), "the driver finishes; log:\n" + Files.readString(out));
                assertEquals(0, driver.exitValue(), "driver log:\n" + Files.readString(out));
            } finally {
                traffic.set(false);
                generator.join(5_000);
                lab.stopProcess(driver);
            }
            String log = Files.readString(out);
            List<String> restarts = log.lines().filter(l -> l.startsWith("RESTART ")).toList();
            assertEquals(50, restarts.size(), log);
            Set<String> servers = new HashSet<>();
            restarts.forEach(l -> servers.add(l.split(" ")[2]));
            assertEquals(2, servers.size(), "restarts changed servers: " + restarts);
            assertTrue(attempts.get() > 100, "traffic was attempted throughout: " + attempts.get());

            long leftClient = counters.leftClient();
            long arrivedRouter = counters.arrivedRouter();
            String detail = counters.detail() + "restarts:\n" + String.join("\n", restarts) + "\n";
            assertEquals(0, leftClient, "packets that left the client outside the tunnel (" + vpn + ")" + detail);
            assertEquals(0, arrivedRouter, "packets that reached the router outside the tunnel (" + vpn + ")" + detail);
            long vpnPackets = counters.vpnPackets();
            assertTrue(vpnPackets > 0, "the counters see the VPN traffic itself");
            // The record for BENCHMARKS.md (reliability section).
            System.out.printf("LEAK-TEST %s: restarts=%d (every 10th a SIGKILLed client), servers used=%d, dials=%d, "
                    + "VPN packets to endpoints=%d, leaked packets client side=%d, router side=%d%n",
                    vpn, restarts.size(), servers.size(), attempts.get(), vpnPackets, leftClient, arrivedRouter);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
