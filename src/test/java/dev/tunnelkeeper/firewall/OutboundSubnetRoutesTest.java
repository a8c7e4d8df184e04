package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * FIREWALL_OUTBOUND_SUBNETS and the container's own network: users list their Docker network there. The kill switch
 * replaced its on-link route with a route through the gateway, which failed and stopped the start (exit 1, advising
 * FIREWALL=off). A subnet inside an attached network keeps its own route; any other gets one through the gateway.
 */
class OutboundSubnetRoutesTest {
    private static final List<LocalSubnet> DOCKER = List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("172.17.0.0/16")));

    private static List<List<String>> routesAdded(List<String> subnets) throws Exception {
        ScriptedRunner runner = new ScriptedRunner();
        new OutboundSubnetRoutes(runner, FirewallCommands.DEFAULTS).add(subnets, "eth0", Optional.of("172.17.0.1"), DOCKER);
        return runner.calls.stream().map(ScriptedRunner.Call::command).filter(c -> c.contains("route")).toList();
    }

    @Test
    void theContainersOwnNetworkAndPartsOfItGetNoRoute() throws Exception {
        assertEquals(List.of(), routesAdded(List.of("172.17.0.0/16", "172.17.5.0/24", "172.17.0.9/32")));
    }

    @Test
    void otherSubnetsAndOnesThatContainTheNetworkAreRoutedThroughTheGateway() throws Exception {
        List<List<String>> added = routesAdded(List.of("192.168.1.0/24", "172.16.0.0/12", "172.17.0.0/16"));
        assertEquals(List.of(
                List.of("ip", "-4", "route", "replace", "192.168.1.0/24", "via", "172.17.0.1", "dev", "eth0"),
                List.of("ip", "-4", "route", "replace", "172.16.0.0/12", "via", "172.17.0.1", "dev", "eth0")), added);
    }

    @Test
    void containmentIsByNetworkAndPrefix() {
        Ipv4Cidr docker = Ipv4Cidr.parse("172.17.0.0/16");
        assertTrue(docker.contains(docker));
        assertTrue(docker.contains(Ipv4Cidr.parse("172.17.255.0/24")));
        assertFalse(docker.contains(Ipv4Cidr.parse("172.16.0.0/12")), "a larger network is not inside");
        assertFalse(docker.contains(Ipv4Cidr.parse("172.18.0.0/24")));
        assertTrue(Ipv4Cidr.parse("0.0.0.0/0").contains(docker));
    }
}
