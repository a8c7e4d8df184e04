package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkProbeTest {
    private final ScriptedRunner runner = new ScriptedRunner();
    private final NetworkProbe probe = new NetworkProbe(runner, FirewallCommands.DEFAULTS);

    @Test
    void dockerContainer() throws Exception {
        assertEquals(RulePlanTest.DOCKER, probe.probe("tun0"));
        assertEquals(List.of(List.of("ip", "-j", "-4", "route", "show", "default"), List.of("ip", "-j", "-4", "addr", "show")),
                runner.calls.stream().map(ScriptedRunner.Call::command).toList());
    }

    @Test
    void skipsLoopbackTheVpnInterfaceAndAddresslessLinksAndNormalizesSubnets() throws Exception {
        runner.addresses = """
                [{"ifname":"lo","flags":["LOOPBACK","UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8},
                                                                         {"family":"inet","local":"172.16.99.1","prefixlen":32}]},
                 {"ifname":"eth0","flags":["UP"],"addr_info":[{"family":"inet","local":"10.200.0.2","prefixlen":24},
                                                              {"family":"inet","local":"10.200.0.9","prefixlen":24},
                                                              {"family":"inet","local":"192.168.5.77","prefixlen":20}]},
                 {"ifname":"eth1","flags":["UP"],"addr_info":[]},
                 {"ifname":"eth2","flags":["UP"]},
                 {"ifname":"tun0","flags":["POINTOPOINT","UP"],"addr_info":[{"family":"inet","local":"10.8.0.2","prefixlen":24}]}]""";
        assertEquals(List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("10.200.0.0/24")),
                        new LocalSubnet("eth0", Ipv4Cidr.parse("192.168.0.0/20"))),
                probe.probe("tun0").localSubnets());
    }

    @Test
    void anInterfaceWithAnOddNameIsLeftOut() throws Exception {
        runner.addresses = """
                [{"ifname":"eth0","flags":["UP"],"addr_info":[{"family":"inet","local":"10.200.0.2","prefixlen":24}]},
                 {"ifname":"odd name","flags":["UP"],"addr_info":[{"family":"inet","local":"10.9.0.2","prefixlen":24}]}]""";
        assertEquals(List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("10.200.0.0/24"))), probe.probe("tun0").localSubnets());
    }

    @Test
    void theFirstDefaultRouteWins() throws Exception {
        runner.routes = """
                [{"dst":"default","gateway":"10.0.0.1","dev":"eth1","metric":100},{"dst":"default","gateway":"10.1.0.1","dev":"eth0","metric":200}]""";
        assertEquals("eth1", probe.probe("tun0").defaultInterface());
    }

    @Test
    void noDefaultRouteIsAClearError() {
        runner.routes = "[]";
        FirewallException e = assertThrows(FirewallException.class, () -> probe.probe("tun0"));
        assertEquals("no IPv4 default route with a usable interface (`ip -j -4 route show default` printed []): "
                + "the kill switch needs it to know where the VPN server is reached", e.getMessage());
    }

    @Test
    void aDefaultRouteThroughTheTunnelMeansTheVpnStartedFirst() {
        runner.routes = """
                [{"dst":"default","dev":"tun0","flags":[]}]""";
        FirewallException e = assertThrows(FirewallException.class, () -> probe.probe("tun0"));
        assertTrue(e.getMessage().startsWith("the default route already goes through the VPN interface tun0"), e.getMessage());
    }

    @Test
    void unexpectedJsonIsAClearErrorNotACrash() {
        runner.addresses = """
                [{"ifname":"eth0","flags":["UP"],"addr_info":[{"family":"inet","local":"10.0.0.999","prefixlen":24}]}]""";
        FirewallException e = assertThrows(FirewallException.class, () -> probe.probe("tun0"));
        assertTrue(e.getMessage().startsWith("cannot read the output of `ip -j -4 addr show`"), e.getMessage());

        runner.addresses = ScriptedRunner.DOCKER_ADDRESSES;
        runner.routes = "[\"default\"]";
        e = assertThrows(FirewallException.class, () -> probe.probe("tun0"));
        assertTrue(e.getMessage().startsWith("cannot read the output of `ip -j -4 route show default`"), e.getMessage());
    }

    @Test
    void unreadableOutputNamesTheCommand() {
        runner.addresses = "Object \"addr\" is unknown, try \"ip help\".";
        FirewallException e = assertThrows(FirewallException.class, () -> probe.probe("tun0"));
        assertTrue(e.getMessage().startsWith("cannot read the output of `ip -j -4 addr show`"), e.getMessage());
    }
}
