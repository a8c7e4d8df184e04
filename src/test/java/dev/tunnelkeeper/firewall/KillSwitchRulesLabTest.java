package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Endpoint;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** (a) What the kernel holds after each kill switch step is exactly the plan, read back with iptables -S. */
@Tag("lab")
@Timeout(120)
class KillSwitchRulesLabTest {
    private static FirewallLab lab;

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

    @Test
    void theProbeFindsTheClientsNetworkWithoutTheTunnel() throws Exception {
        NetworkFacts facts = new NetworkProbe(new OsProcessLauncher(), lab.clientCommands()).probe("tun0");

        assertEquals(new NetworkFacts("eth0", List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("10.231.0.0/24")))), facts);
    }

    @Test
    void everyStepReadsBackAsPlanned() throws Exception {
        FirewallSettings settings = new FirewallSettings(true, List.of("10.232.0.0/24", "192.168.7.9/32"),
                List.of(8000, 8080), List.of(51413));
        NetworkFacts facts = new NetworkProbe(new OsProcessLauncher(), lab.clientCommands()).probe("tun0");
        IptablesKillSwitch killSwitch = new IptablesKillSwitch(settings, facts,
                new IptablesRestore(new OsProcessLauncher(), lab.clientCommands()), true);

        killSwitch.enable();
        assertInPlace(killSwitch, "enabled");
        killSwitch.allowEndpoint(new Endpoint(FirewallLab.PEER_IP, 1194, Protocol.UDP));
        assertInPlace(killSwitch, "udp endpoint");
        killSwitch.tunnelUp("tun0");
        assertInPlace(killSwitch, "tunnel up");
        killSwitch.tunnelDown("tun0");
        assertInPlace(killSwitch, "tunnel down");
        killSwitch.allowEndpoint(new Endpoint(FirewallLab.PEER_SECOND_IP, 443, Protocol.TCP));
        assertInPlace(killSwitch, "tcp endpoint");
    }

    private static void assertInPlace(IptablesKillSwitch killSwitch, String step) throws Exception {
        RulePlan plan = killSwitch.plan();
        assertEquals(plan.ipv4().listing(), lab.clientRules(IpFamily.IPV4), "iptables -S after: " + step);
        assertEquals(plan.ipv6().listing(), lab.clientRules(IpFamily.IPV6), "ip6tables -S after: " + step);
    }
}
