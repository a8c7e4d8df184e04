package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import static dev.tunnelkeeper.firewall.FirewallLab.CLI_IP;
import static dev.tunnelkeeper.firewall.FirewallLab.CLI_TUNNEL_IP;
import static dev.tunnelkeeper.firewall.FirewallLab.LAN_IP;
import static dev.tunnelkeeper.firewall.FirewallLab.PEER_IP;
import static dev.tunnelkeeper.firewall.FirewallLab.PEER_TUNNEL_IP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.firewall.NetAgentProcess.Outcome;
import dev.tunnelkeeper.vpn.Endpoint;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * (b) and (c): real traffic from and to the client namespace with the kill switch on and no real VPN.
 * Every dial stays inside the lab's own namespaces.
 */
@Tag("lab")
@Timeout(180)
class TrafficLabTest {
    private static final int BLOCKED_WAIT_MS = 700; // a dropped SYN or datagram: no answer within this counts as blocked
    private static final int FAST_MS = 300; // a refusal made by the local firewall arrives well within this

    private static FirewallLab lab;
    private static NetAgentProcess cli;
    private static NetAgentProcess lan;
    private static NetAgentProcess peer;

    @BeforeAll
    static void startLab() throws Exception {
        FirewallLab.assumeLabCanRun();
        lab = FirewallLab.start();
        cli = lab.agent("cli");
        lan = lab.agent("lan");
        peer = lab.agent("peer");
        for (int port : List.of(9000, 1443)) {
            peer.listenTcp(port);
        }
        for (int port : List.of(1194, 5353)) {
            peer.listenUdp(port);
        }
        lan.listenTcp(9000);
        for (int port : List.of(8000, 8001, 8002)) {
            cli.listenTcp(port);
        }
        cli.listenUdp(8000);
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void noKillSwitch() throws Exception {
        lab.openClientFirewall();
    }

    private static IptablesKillSwitch killSwitch(FirewallSettings settings) throws Exception {
        OsProcessLauncher runner = new OsProcessLauncher();
        NetworkFacts facts = new NetworkProbe(runner, lab.clientCommands()).probe("tun0");
        IptablesKillSwitch killSwitch = new IptablesKillSwitch(settings, facts, new IptablesRestore(runner, lab.clientCommands()), true);
        killSwitch.enable();
        return killSwitch;
    }

    private static FirewallSettings settings(List<String> outboundSubnets, List<Integer> inputPorts, List<Integer> vpnInputPorts) {
        return new FirewallSettings(true, outboundSubnets, inputPorts, vpnInputPorts);
    }

    private static void assertOutcome(String expected, Outcome outcome, String what) {
        System.out.println(what + ": " + outcome.result() + " in " + outcome.ms() + " ms"); // the measured behaviour, in the report
        assertEquals(expected, outcome.result(), what + " (" + outcome.ms() + " ms)");
    }

    private static void assertRefusedAtOnce(Outcome outcome, String what) {
        assertOutcome("refused", outcome, what);
        assertTrue(outcome.ms() < FAST_MS, what + ": refused after " + outcome.ms() + " ms, expected at once");
    }

    @Test
    void withoutTheKillSwitchEverythingGetsThrough() {
        assertOutcome("connected", cli.tcp(PEER_IP, 9000, 2000), "tcp out");
        assertOutcome("reply", cli.udp(PEER_IP, 5353, 2000), "udp out");
        assertOutcome("connected", peer.tcp(CLI_IP, 8000, 2000), "tcp in");
        assertOutcome("reply", peer.udp(CLI_IP, 8000, 2000), "udp in");
    }

    @Test
    void onlyTheEndpointGetsOutTcpIsRefusedAtOnceUdpGetsEperm() throws Exception {
        IptablesKillSwitch killSwitch = killSwitch(FirewallSettings.DEFAULTS);
        killSwitch.allowEndpoint(new Endpoint(PEER_IP, 1194, Protocol.UDP));

        assertOutcome("reply", cli.udp(PEER_IP, 1194, 2000), "the udp endpoint");
        assertRefusedAtOnce(cli.tcp(PEER_IP, 9000, 3000), "other tcp");
        assertRefusedAtOnce(cli.tcp(PEER_IP, 1194, 3000), "the endpoint's port over the other protocol");
        Outcome udp = cli.udp(PEER_IP, 5353, 2000);
        assertOutcome("eperm", udp, "other udp: the send fails with EPERM (operation not permitted)");
        assertTrue(udp.ms() < FAST_MS, "EPERM after " + udp.ms() + " ms");
        assertOutcome("connected", cli.tcp(LAN_IP, 9000, 2000), "a host in the client's own subnet");

        killSwitch.allowEndpoint(new Endpoint(PEER_IP, 1443, Protocol.TCP));

        assertOutcome("connected", cli.tcp(PEER_IP, 1443, 2000), "the new tcp endpoint");
        assertOutcome("eperm", cli.udp(PEER_IP, 1194, 2000), "the old udp endpoint, swapped out");
        assertRefusedAtOnce(cli.tcp(PEER_IP, 9000, 3000), "other tcp, after the swap");
    }

    @Test
    void outboundSubnetsAndInputPortsOpenExactlyWhatTheyName() throws Exception {
        killSwitch(FirewallSettings.DEFAULTS).allowEndpoint(new Endpoint(PEER_IP, 1194, Protocol.UDP));
        assertRefusedAtOnce(cli.tcp(PEER_IP, 9000, 3000), "peer subnet, not listed");
        assertOutcome("eperm", cli.udp(PEER_IP, 5353, 2000), "peer subnet over udp, not listed");
        assertOutcome("timeout", peer.tcp(CLI_IP, 8000, BLOCKED_WAIT_MS), "tcp in, no input ports");
        assertOutcome("timeout", peer.udp(CLI_IP, 8000, BLOCKED_WAIT_MS), "udp in, no input ports");

        killSwitch(settings(List.of("10.232.0.0/24"), List.of(8000), List.of())).allowEndpoint(new Endpoint(PEER_IP, 1194, Protocol.UDP));

        assertOutcome("connected", cli.tcp(PEER_IP, 9000, 2000), "tcp to an outbound subnet");
        assertOutcome("reply", cli.udp(PEER_IP, 5353, 2000), "udp to an outbound subnet");
        assertOutcome("connected", peer.tcp(CLI_IP, 8000, 2000), "tcp in on an input port");
        assertOutcome("reply", peer.udp(CLI_IP, 8000, 2000), "udp in on an input port");
        assertOutcome("timeout", peer.tcp(CLI_IP, 8002, BLOCKED_WAIT_MS), "tcp in on a port not listed");
    }

    @Test
    void theTunnelIsOpenOnlyWhileUpWithItsInputPorts() throws Exception {
        IptablesKillSwitch killSwitch = killSwitch(settings(List.of(), List.of(), List.of(8001)));
        killSwitch.allowEndpoint(new Endpoint(PEER_IP, 1194, Protocol.UDP));
        assertRefusedAtOnce(cli.tcp(PEER_TUNNEL_IP, 9000, 3000), "through tun0 before it is up");
        assertOutcome("timeout", peer.tcp(CLI_TUNNEL_IP, 8001, BLOCKED_WAIT_MS), "VPN input port before the tunnel is up");

        killSwitch.tunnelUp("tun0");

        assertOutcome("connected", cli.tcp(PEER_TUNNEL_IP, 9000, 2000), "through tun0");
        assertOutcome("connected", peer.tcp(CLI_TUNNEL_IP, 8001, 2000), "VPN input port");
        assertOutcome("timeout", peer.tcp(CLI_TUNNEL_IP, 8002, BLOCKED_WAIT_MS), "a port not listed, over the tunnel");
        assertRefusedAtOnce(cli.tcp(PEER_IP, 9000, 3000), "outside the tunnel, while it is up");

        killSwitch.tunnelDown("tun0");

        assertRefusedAtOnce(cli.tcp(PEER_TUNNEL_IP, 9000, 3000), "through tun0 after it went down");
        assertOutcome("timeout", peer.tcp(CLI_TUNNEL_IP, 8001, BLOCKED_WAIT_MS), "VPN input port after the tunnel went down");
        assertOutcome("reply", cli.udp(PEER_IP, 1194, 2000), "the endpoint stays allowed between tunnels");
    }
}
