package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.DialResult;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The product for real: tunnelkeeper runs in the lab's client namespace with a real OpenVPN or wireguard-go client;
 * the health target answers only through the tunnel. Faults are injected in the lab; healing is observed in the log.
 */
@Tag("lab")
class ProductLabTest {
    private static final String RESTART_LINE = "INFO [healthcheck] program has been unhealthy for 6s: restarting VPN";
    private static final Duration UP = Duration.ofSeconds(30);

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void openVpnConnectsAndTheHealthServerSays200() throws Exception {
        try (Lab lab = Lab.start(2); ProductRun tk = ProductRun.start(lab, ProductRun.openVpnEnv(lab))) {
            tk.await("[vpn] connecting to ", 1, UP);
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            assertEquals(0, tk.healthcheck(), "the healthcheck subcommand in the container's namespace");
            DialResult dial = lab.dialTarget(Duration.ofSeconds(3));
            assertEquals("s1", dial.answer(), "the target answers through the tunnel to s1: " + dial);
        }
    }

    @Test
    void aKilledOpenVpnServerIsNoticedRestartedAndHealedWhenItReturns() throws Exception {
        healAfterServerDeath("openvpn");
    }

    @Test
    void aKilledWireGuardServerIsNoticedRestartedAndHealedWhenItReturns() throws Exception {
        healAfterServerDeath("wireguard");
    }

    private void healAfterServerDeath(String vpn) throws Exception {
        try (Lab lab = Lab.start(2)) {
            Map<String, String> env = vpn.equals("openvpn") ? ProductRun.openVpnEnv(lab) : ProductRun.wireGuardEnv(lab);
            env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s"); // the window is the seed's 6 s; only the idle gap is shorter
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [healthcheck] healthy!", 1, UP);
                String unhealthy = "INFO [healthcheck] unhealthy: dial tcp 172.16.99.1:443: ";
                int unhealthyBefore = (int) tk.count(unhealthy); // the first check may come before the tunnel
                if (vpn.equals("openvpn")) {
                    lab.stopOpenVpnServer(1);
                } else {
                    lab.stopWireGuardServer(1);
                }
                // A timeout in the dead tunnel, or, once the product ended it (openvpn: the server's refusals), refused.
                tk.await(unhealthy, unhealthyBefore + 1, UP);
                assertEquals(1, tk.healthcheck(), "the healthcheck subcommand now fails");
                tk.await(RESTART_LINE, 1, UP);
                tk.await("restart", 2, UP); // the supervisor's own record of the restart follows the healer's line
                if (vpn.equals("openvpn")) {
                    lab.startOpenVpnServer(1);
                } else {
                    lab.startWireGuardServer(1);
                }
                tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
                assertEquals(0, tk.healthcheck());
                assertEquals("s1", lab.dialTarget(Duration.ofSeconds(3)).answer());
            }
        }
    }

    @Test
    void aSigkilledOpenVpnClientCrashesIsRestartedAndTheTunnelWorksAgain() throws Exception {
        try (Lab lab = Lab.start(2); ProductRun tk = ProductRun.start(lab, ProductRun.openVpnEnv(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            ProcessHandle openvpn = tk.process().toHandle().descendants()
                    .filter(p -> p.info().command().orElse("").endsWith("openvpn")).findFirst()
                    .orElseThrow(() -> new AssertionError("no openvpn child; log:\n" + tk.log()));
            assertTrue(openvpn.destroyForcibly(), "SIGKILL sent");
            tk.await("-> crashed", 1, UP);
            tk.await("-> running", 2, UP);
            assertTrue(Poll.until(Duration.ofSeconds(15), () -> "s1".equals(lab.dialTarget(Duration.ofSeconds(2)).answer())),
                    "the target answers again; log:\n" + tk.log());
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> !openvpn.isAlive()), "the killed client is gone");
        }
    }

    @Test
    void sigtermStopsWithinTwoSecondsExitsZeroAndLeavesNothingBehind() throws Exception {
        for (String vpn : List.of("openvpn", "wireguard")) {
            try (Lab lab = Lab.start(1)) {
                String before = networkState(lab);
                Map<String, String> env = vpn.equals("openvpn") ? ProductRun.openVpnEnv(lab) : ProductRun.wireGuardEnv(lab);
                try (ProductRun tk = ProductRun.start(lab, env)) {
                    tk.await("INFO [healthcheck] healthy!", 1, UP);
                    List<ProcessHandle> children = tk.process().toHandle().descendants().toList();
                    assertTrue(!children.isEmpty(), "a VPN client runs");
                    assertEquals(0, tk.terminate(Duration.ofSeconds(2)), vpn + " exit code; log:\n" + tk.log());
                    assertTrue(tk.log().contains("INFO [main] stopped"), tk.log());
                    for (ProcessHandle child : children) {
                        assertTrue(Poll.until(Duration.ofSeconds(2), () -> !child.isAlive()), vpn + ": child " + child.pid() + " left running");
                    }
                    assertEquals(before, networkState(lab), vpn + ": links, addresses, routes and rules are as before");
                }
            }
        }
    }

    @Test
    void aKillSwitchThatCannotBeAppliedStopsTheVpnFromStartingWithAClearError() throws Exception {
        try (Lab lab = Lab.start(1)) {
            // A broken iptables-restore first on PATH, as a damaged image would have it.
            java.nio.file.Path bin = java.nio.file.Files.createDirectories(lab.directory().resolve("broken-bin"));
            java.nio.file.Path fake = bin.resolve("iptables-restore");
            java.nio.file.Files.writeString(fake, "#!/bin/sh\necho 'iptables-restore: broken on purpose' >&2\nexit 4\n");
            fake.toFile().setExecutable(true);
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("PATH", bin + ":" + System.getenv("PATH"));
            try (ProductRun tk = ProductRun.start(lab, env)) {
                assertTrue(tk.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "it stops; log:\n" + tk.log());
                assertEquals(1, tk.process().exitValue(), tk.log());
                assertTrue(tk.log().contains("ERROR [main] cannot start: the kill switch cannot be turned on, so no VPN is started: "), tk.log());
                assertTrue(tk.log().contains("broken on purpose"), "the command's own words are shown: " + tk.log());
                assertEquals(0, tk.count("[vpn] connecting to"), "no VPN client was started");
            }
        }
    }

    @Test
    void outboundSubnetsAreRoutedOutsideTheTunnel() throws Exception {
        try (Lab lab = Lab.start(2)) {
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("FIREWALL_OUTBOUND_SUBNETS", "10.202.0.0/24");
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [healthcheck] healthy!", 1, UP);
                String viaLan = lab.exec(lab.clientNamespace(), "ip", "-4", "route", "get", "10.202.0.1");
                assertTrue(viaLan.contains("dev eth0"), "the outbound subnet goes by eth0: " + viaLan);
                String viaTunnel = lab.exec(lab.clientNamespace(), "ip", "-4", "route", "get", "10.203.0.1");
                assertTrue(viaTunnel.contains("dev " + lab.interfaceName("tun")), "anything else goes by the tunnel: " + viaTunnel);
                assertTrue(tk.log().contains("outbound subnets 10.202.0.0/24 routed through eth0 via 10.200.0.1"), tk.log());
            }
        }
    }

    /** Links, addresses, routes of every table and rules of the client namespace, as text to compare. */
    private static String networkState(Lab lab) {
        String ns = lab.clientNamespace();
        // link names only: flags such as NO-CARRIER change on their own while a fresh veth comes up
        String links = String.join(" ", lab.exec(ns, "ip", "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim()).toList());
        return links + "\n" + lab.exec(ns, "ip", "-o", "addr", "show")
                + lab.exec(ns, "ip", "route", "show", "table", "all")
                + lab.exec(ns, "ip", "rule", "show");
    }
}
