package dev.tunnelkeeper.vpn.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.WireGuardSettings;
import dev.tunnelkeeper.config.WireGuardSettings.Implementation;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnSettingsFixtures;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.FakeLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WireGuard client without WireGuard: the commands it runs, in order, and what it undoes. */
class WireGuardClientTest {
    private static final Connection SERVER = new Connection("custom", new Endpoint("10.210.0.1", 51820, Protocol.UDP),
            Optional.of(VpnSettingsFixtures.SERVER_PUBLIC_KEY), "");
    private static final String HANDSHAKE_DONE = VpnSettingsFixtures.SERVER_PUBLIC_KEY + "\t1795508037\n";

    private final FakeLauncher launcher = new FakeLauncher();
    private final LogCapture log = new LogCapture();
    private final List<String> keyFiles = new CopyOnWriteArrayList<>();
    private final AtomicInteger handshakePolls = new AtomicInteger();

    @AfterEach
    void detach() {
        log.close();
    }

    /** No kernel WireGuard (as on this machine); a handshake on the second poll; wg set's key files inspected. */
    private CommandResult thisMachine(List<String> c) {
        String line = String.join(" ", c);
        if (line.startsWith("ip link add")) {
            return new CommandResult(c, 2, "", "Error: Unknown device type.\n");
        }
        if (line.startsWith("wg set") && c.contains("private-key")) {
            keyFiles.add(describeFile(c.get(c.indexOf("private-key") + 1)));
            if (c.contains("preshared-key")) {
                keyFiles.add(describeFile(c.get(c.indexOf("preshared-key") + 1)));
            }
        }
        if (line.startsWith("wg show")) {
            return new CommandResult(c, 0, handshakePolls.incrementAndGet() < 2
                    ? VpnSettingsFixtures.SERVER_PUBLIC_KEY + "\t0\n" : HANDSHAKE_DONE, "");
        }
        if (line.startsWith("ip -4 rule del")) {
            return new CommandResult(c, 2, "", "RTNETLINK answers: No such file or directory\n");
        }
        if (line.startsWith("ip -4 link del")) {
            return new CommandResult(c, 1, "", "Cannot find device \"wg9\"\n");
        }
        return new CommandResult(c, 0, "", "");
    }

    /**
     * {@code ip -4 [-force] -batch -} as iproute2 runs it: each line as {@code ip -4 LINE} answered by {@code single};
     * a failure prints its message and "Command failed -:N"; without -force the batch stops there. Exit 1 if any failed.
     */
    private static CommandResult withBatches(List<String> c, String stdin, Function<List<String>, CommandResult> single) {
        if (!c.contains("-batch")) {
            return single.apply(c);
        }
        StringBuilder stderr = new StringBuilder();
        boolean failed = false;
        List<String> lines = stdin.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            List<String> one = new java.util.ArrayList<>(List.of("ip", "-4"));
            one.addAll(List.of(lines.get(i).split(" ")));
            CommandResult r = single.apply(one);
            if (!r.succeeded()) {
                failed = true;
                stderr.append(r.stderr()).append("Command failed -:").append(i + 1).append('\n');
                if (!c.contains("-force")) {
                    break;
                }
            }
        }
        return new CommandResult(c, failed ? 1 : 0, "", stderr.toString());
    }

    private static String describeFile(String path) {
        try {
            Path file = Path.of(path);
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(file)) + " " + Files.readString(file).strip();
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private Tunnel start(WireGuardSettings settings, Function<List<String>, CommandResult> answers) throws Exception {
        launcher.answerWithInput((c, stdin) -> withBatches(c, stdin, answers));
        Tunnel tunnel = new WireGuardClient(VpnSettingsFixtures.wireguardSettings(settings, "wg9"), launcher,
                Duration.ofSeconds(3)).start(SERVER);
        return tunnel;
    }

    /** Waits for wireguard-go to be started, then prints the line that says its control socket is open. */
    private void wireGuardGoOpensItsSocket() throws Exception {
        launcher.firstChild.get(5, TimeUnit.SECONDS).print("DEBUG: (wg9) 2026/11/24 08:13:57 UAPI listener started");
    }

    private static WireGuardSettings with(Secret preshared, Duration keepalive, Implementation implementation) {
        WireGuardSettings b = VpnSettingsFixtures.wireguard();
        return new WireGuardSettings(b.privateKey(), b.publicKey(), preshared, List.of("10.64.0.2/32", "fd00::2/128"),
                b.endpointIp(), b.endpointPort(), 1320, keepalive, implementation);
    }

    @Test
    void autoFallsBackToWireguardGoAndRoutesEverythingButItselfThroughTheTunnel() throws Exception {
        Tunnel tunnel = start(with(new Secret(VpnSettingsFixtures.PRESHARED_KEY), Duration.ofSeconds(25), Implementation.AUTO), this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);

        assertEquals(List.of("wireguard-go", "wg9"), launcher.children.getFirst().command);
        assertEquals(Map.of("WG_PROCESS_FOREGROUND", "1", "LOG_LEVEL", "verbose"), launcher.children.getFirst().environment);
        List<String> lines = launcher.invocations();
        String wgSet = lines.stream().filter(l -> l.startsWith("wg set")).findFirst().orElseThrow();
        assertTrue(wgSet.matches("wg set wg9 private-key /\\S+/private\\.key fwmark 51820 peer " + java.util.regex.Pattern.quote(VpnSettingsFixtures.SERVER_PUBLIC_KEY)
                + " preshared-key /\\S+/preshared\\.key endpoint 10\\.210\\.0\\.1:51820 allowed-ips 0\\.0\\.0\\.0/0 persistent-keepalive 25"), wgSet);
        // Five processes after wg set, not eleven: the ip commands go in two batches (each process costs ~8 ms).
        assertEquals(List.of(
                "ip link add wg9 type wireguard",
                "wireguard-go wg9",
                wgSet,
                "ip -4 -force -batch -", // what a run that was killed left in the way
                "  < route del default dev wg9 table 51820",
                "  < rule del table main suppress_prefixlength 0 pref 100",
                "  < rule del not fwmark 51820 table 51820 pref 101",
                "ip -4 -batch -",
                "  < addr add 10.64.0.2/32 dev wg9",
                "  < link set wg9 mtu 1320 up",
                "  < route add default dev wg9 table 51820",
                "  < rule add table main suppress_prefixlength 0 pref 100",
                "  < rule add not fwmark 51820 table 51820 pref 101",
                "wg show wg9 latest-handshakes",
                "wg show wg9 latest-handshakes"), lines);
        assertTrue(log.lines().contains("INFO [wireguard] the kernel has no WireGuard: using the userspace implementation (wireguard-go)"));
        assertTrue(log.lines().contains("INFO [wireguard] skipping address fd00::2/128: tunnelkeeper routes IPv4 only"));
    }

    @Test
    void aNarrowAllowedIpsRoutesOnlyThoseNetworksThroughTheTunnel() throws Exception {
        WireGuardSettings b = with(Secret.NONE, Duration.ofSeconds(25), Implementation.AUTO);
        WireGuardSettings narrow = new WireGuardSettings(b.privateKey(), b.publicKey(), b.presharedKey(), b.addresses(),
                b.endpointIp(), b.endpointPort(), b.mtu(), b.persistentKeepalive(), b.implementation(),
                List.of("172.16.99.0/24", "10.99.0.0/16"));
        Tunnel tunnel = start(narrow, this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);
        List<String> lines = launcher.commandLines();
        String wgSet = lines.stream().filter(l -> l.startsWith("wg set")).findFirst().orElseThrow();
        assertTrue(wgSet.contains(" allowed-ips 172.16.99.0/24,10.99.0.0/16 "), wgSet);
        List<String> routes = launcher.invocations().stream().filter(l -> l.startsWith("  < route add")).toList();
        assertEquals(List.of("  < route add 172.16.99.0/24 dev wg9 table 51820", "  < route add 10.99.0.0/16 dev wg9 table 51820"),
                routes, "no default route in the tunnel's table: the rest falls through to the main table and the kill switch");
        assertTrue(launcher.invocations().contains("  < rule add not fwmark 51820 table 51820 pref 101"), lines.toString());
    }

    @Test
    void keysReachWgOnlyThroughPrivateFilesThatAreGoneAfterwards() throws Exception {
        Tunnel tunnel = start(with(new Secret(VpnSettingsFixtures.PRESHARED_KEY), Duration.ofSeconds(25), Implementation.AUTO), this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);

        assertEquals(List.of("rw------- " + VpnSettingsFixtures.CLIENT_PRIVATE_KEY, "rw------- " + VpnSettingsFixtures.PRESHARED_KEY), keyFiles);
        String wgSet = launcher.commandLines().stream().filter(l -> l.startsWith("wg set")).findFirst().orElseThrow();
        assertFalse(String.join("\n", launcher.invocations()).contains(VpnSettingsFixtures.CLIENT_PRIVATE_KEY));
        assertFalse(String.join("\n", launcher.invocations()).contains(VpnSettingsFixtures.PRESHARED_KEY));
        Path keyFile = Path.of(wgSet.split(" ")[4]);
        assertFalse(Files.exists(keyFile.getParent()), "deleted once wg has read them");
    }

    @Test
    void stopEndsWireguardGoAndRemovesTheRulesItAdded() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ofSeconds(25), Implementation.USERSPACE), this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);
        int before = launcher.invocations().size();

        tunnel.stop().get(5, TimeUnit.SECONDS);

        assertTrue(launcher.children.getFirst().terminated);
        assertEquals(List.of(
                "ip -4 -force -batch -",
                "  < rule del not fwmark 51820 table 51820 pref 101",
                "  < rule del table main suppress_prefixlength 0 pref 100",
                "  < route del default dev wg9 table 51820",
                "  < link del wg9"), launcher.invocations().subList(before, launcher.invocations().size()));
        assertFalse(launcher.commandLines().contains("ip link add wg9 type wireguard"), "userspace asked: no kernel probe");
        assertFalse(log.lines().stream().anyMatch(l -> l.contains("cannot undo")), "gone with the interface: " + log.lines());
    }

    @Test
    void withKeepaliveOffAHandshakeIsStillForcedThenTheKeepaliveTurnedOff() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ZERO, Implementation.USERSPACE), this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);
        List<String> lines = launcher.commandLines();
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("wg set wg9 private-key") && l.endsWith("persistent-keepalive 25")), lines::toString);
        assertEquals("wg set wg9 peer " + VpnSettingsFixtures.SERVER_PUBLIC_KEY + " persistent-keepalive off", lines.getLast());
    }

    @Test
    void aFailedStepFailsTheStartWithTheCommandAndItsOutputAndStopUndoesWhatWasDone() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ofSeconds(25), Implementation.USERSPACE), c ->
                String.join(" ", c).startsWith("ip -4 rule add not")
                        ? new CommandResult(c, 2, "", "RTNETLINK answers: Operation not permitted\n") : thisMachine(c));
        wireGuardGoOpensItsSocket();
        ExecutionException e = assertThrows(ExecutionException.class, () -> tunnel.ready().get(5, TimeUnit.SECONDS));
        assertEquals("`ip -4 rule add not fwmark 51820 table 51820 pref 101` failed: RTNETLINK answers: Operation not permitted",
                e.getCause().getMessage());

        int before = launcher.invocations().size();
        tunnel.stop().get(5, TimeUnit.SECONDS);
        List<String> undone = launcher.invocations().subList(before, launcher.invocations().size());
        assertTrue(undone.contains("  < rule del not fwmark 51820 table 51820 pref 101"), "recorded before it was tried");
        assertTrue(undone.contains("  < rule del table main suppress_prefixlength 0 pref 100"));
    }

    @Test
    void wireguardGoDyingEndsTheTunnelWithItsStatus() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ofSeconds(25), Implementation.USERSPACE), this::thisMachine);
        wireGuardGoOpensItsSocket();
        tunnel.ready().get(5, TimeUnit.SECONDS);
        launcher.children.getFirst().exit(1);
        assertEquals("wireguard-go exited with status 1", tunnel.ended().get(5, TimeUnit.SECONDS));
    }

    @Test
    void kernelspaceWithoutKernelSupportSaysWhatToSet() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ofSeconds(25), Implementation.KERNELSPACE), this::thisMachine);
        ExecutionException e = assertThrows(ExecutionException.class, () -> tunnel.ready().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().endsWith("(the kernel has no WireGuard: set WIREGUARD_IMPLEMENTATION=auto or userspace)"),
                e.getCause().getMessage());
        assertTrue(launcher.children.isEmpty());
        tunnel.stop().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aKernelLinkIsDeletedOnStop() throws Exception {
        Tunnel tunnel = start(with(Secret.NONE, Duration.ofSeconds(25), Implementation.KERNELSPACE), c ->
                String.join(" ", c).startsWith("ip link add") ? new CommandResult(c, 0, "", "") : thisMachine(c));
        tunnel.ready().get(5, TimeUnit.SECONDS);
        tunnel.stop().get(5, TimeUnit.SECONDS);
        assertEquals("  < link del wg9", launcher.invocations().getLast());
        assertTrue(launcher.children.isEmpty());
    }
}
