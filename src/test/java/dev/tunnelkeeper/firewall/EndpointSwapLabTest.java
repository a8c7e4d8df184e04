package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** (d) Swapping the endpoint never shows two endpoints or none, and a failed swap leaves the old rules in place. */
@Tag("lab")
@Timeout(120)
class EndpointSwapLabTest {
    private static final Endpoint A = new Endpoint(FirewallLab.PEER_IP, 1194, Protocol.UDP);
    private static final Endpoint B = new Endpoint(FirewallLab.PEER_SECOND_IP, 443, Protocol.TCP);
    private static final int SWAPS = 30;

    private static FirewallLab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void startLab() throws Exception {
        FirewallLab.assumeLabCanRun();
        lab = FirewallLab.start();
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    private static IptablesKillSwitch killSwitch(FirewallCommands commands) throws Exception {
        OsProcessLauncher runner = new OsProcessLauncher();
        NetworkFacts facts = new NetworkProbe(runner, lab.clientCommands()).probe("tun0");
        return new IptablesKillSwitch(FirewallSettings.DEFAULTS, facts, new IptablesRestore(runner, commands), true);
    }

    private static List<String> endpointRules(List<String> rules) {
        return rules.stream().filter(line -> line.startsWith("-A OUTPUT -d ") && line.contains("--dport")).toList();
    }

    @Test
    void aWatcherInsideTheNamespaceNeverSeesTwoEndpointsOrNone() throws Exception {
        IptablesKillSwitch killSwitch = killSwitch(lab.clientCommands());
        killSwitch.enable();
        killSwitch.allowEndpoint(A);
        // One shell in the namespace lists OUTPUT as fast as it can until the stop file appears.
        Path stop = dir.resolve("stop");
        Path snapshots = dir.resolve("snapshots");
        Process watcher = new ProcessBuilder("ip", "netns", "exec", lab.ns("cli"), "sh", "-c",
                "while [ ! -e " + stop + " ]; do iptables -S OUTPUT || echo READ-FAILED; echo ---; done")
                .redirectOutput(snapshots.toFile()).redirectError(dir.resolve("watcher.err").toFile()).start();
        try {
            for (int i = 0; i < SWAPS; i++) {
                killSwitch.allowEndpoint(i % 2 == 0 ? B : A);
            }
        } finally {
            Files.writeString(stop, "");
            if (!watcher.waitFor(10, TimeUnit.SECONDS)) {
                watcher.destroyForcibly();
            }
        }

        List<List<String>> seen = split(Files.readAllLines(snapshots));
        int sawA = 0;
        int sawB = 0;
        for (List<String> snapshot : seen) {
            List<String> endpoints = endpointRules(snapshot);
            assertEquals(1, endpoints.size(), "one endpoint rule in every snapshot, saw: " + snapshot);
            assertTrue(snapshot.contains("-P OUTPUT DROP"), "OUTPUT drops in every snapshot: " + snapshot);
            sawA += endpoints.get(0).contains(A.ip()) ? 1 : 0;
            sawB += endpoints.get(0).contains(B.ip()) ? 1 : 0;
        }
        assertTrue(seen.size() >= 20 && sawA > 0 && sawB > 0,
                "the watcher must have seen both endpoints over many reads: " + seen.size() + " reads, A " + sawA + ", B " + sawB);
        assertEquals(killSwitch.plan().ipv4().listing(), lab.clientRules(IpFamily.IPV4));
        System.out.println("swap watcher: " + seen.size() + " snapshots during " + SWAPS + " swaps, A " + sawA + ", B " + sawB);
    }

    @Test
    void aBrokenRestoreFailsClosedWithTheCommandAndItsOutputAndKeepsThePreviousRules() throws Exception {
        IptablesKillSwitch working = killSwitch(lab.clientCommands());
        working.enable();
        working.allowEndpoint(A);
        List<String> before = lab.clientRules(IpFamily.IPV4);
        Path broken = dir.resolve("iptables-restore");
        Files.writeString(broken, "#!/bin/sh\ncat >/dev/null\necho 'iptables-restore: broken on purpose' >&2\nexit 1\n");
        Files.setPosixFilePermissions(broken, PosixFilePermissions.fromString("rwx------"));

        IptablesKillSwitch withBroken = killSwitch(lab.clientCommands().withRestore(IpFamily.IPV4, List.of(broken.toString())));
        FirewallException e = assertThrows(FirewallException.class, () -> withBroken.allowEndpoint(B));
        assertEquals("`" + broken + " -w 5` exited with status 1: iptables-restore: broken on purpose; the rules in place are unchanged",
                e.getMessage());

        Path missing = dir.resolve("no-such-iptables-restore");
        IptablesKillSwitch withMissing = killSwitch(lab.clientCommands().withRestore(IpFamily.IPV4, List.of(missing.toString())));
        e = assertThrows(FirewallException.class, () -> withMissing.allowEndpoint(B));
        assertTrue(e.getMessage().startsWith("cannot run `" + missing + " -w 5`"), e.getMessage());

        assertEquals(before, lab.clientRules(IpFamily.IPV4), "the previous rules must still be in place");
        assertEquals(List.of("-A OUTPUT -d " + A.ip() + "/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT"),
                endpointRules(before));
    }

    private static List<List<String>> split(List<String> lines) {
        List<List<String>> snapshots = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : lines) {
            if (line.equals("---")) {
                snapshots.add(current);
                current = new ArrayList<>();
            } else {
                current.add(line);
            }
        }
        return snapshots;
    }
}
