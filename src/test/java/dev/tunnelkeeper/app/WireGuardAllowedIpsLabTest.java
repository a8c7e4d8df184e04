package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.DialResult;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.LeakCounters;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * WIREGUARD_ALLOWED_IPS narrower than everything: only the health target's network is routed through the tunnel; a
 * destination outside it is not routed there, and the kill switch keeps it from leaving outside (leak counters on both
 * sides of the client's link stay at zero while the tunnel carries the target's traffic).
 */
@Tag("lab")
class WireGuardAllowedIpsLabTest {
    private static final String ROUTER_HOST = "10.201.0.1"; // the router's address on server 1's link: not the client's subnet
    private static final String TARGET_NET = "172.16.99.0/24";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void onlyTheAllowedNetworkGoesThroughTheTunnelAndTheRestIsBlocked() throws Exception {
        try (Lab lab = Lab.start(1)) {
            Map<String, String> env = ProductRun.wireGuardEnv(lab);
            env.put("WIREGUARD_ALLOWED_IPS", TARGET_NET + ",fd00:99::/64");
            String wg = env.get("VPN_INTERFACE");
            LeakCounters counters = LeakCounters.install(lab, "wireguard", ROUTER_HOST);
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [healthcheck] healthy!", 1, Duration.ofSeconds(30));
                assertEquals(1, tk.count("the IPv6 network fd00:99::/64 is not routed through the tunnel"), tk.log());

                String table = lab.exec(lab.clientNamespace(), "ip", "-4", "route", "show", "table", "51820");
                assertEquals(TARGET_NET + " dev " + wg + " scope link", table.strip(), "only the allowed network: " + table);
                assertTrue(lab.exec(lab.clientNamespace(), "ip", "-4", "route", "get", "172.16.99.1").contains("dev " + wg));
                String outside = lab.exec(lab.clientNamespace(), "ip", "-4", "route", "get", ROUTER_HOST);
                assertFalse(outside.contains("dev " + wg), "a destination outside the allowed network: " + outside);

                DialResult target = lab.dialTarget(Duration.ofSeconds(3));
                assertEquals("s1", target.answer(), "the target answers through the tunnel: " + target);
                for (int i = 0; i < 5; i++) {
                    DialResult blocked = lab.dial(lab.clientNamespace(), ROUTER_HOST, 80, Duration.ofSeconds(1));
                    assertFalse(blocked.connected(), "the router is not reachable: " + blocked);
                    assertTrue(blocked.error().contains("refused"), "the kill switch's reset, at once: " + blocked);
                }
                assertTrue(counters.vpnPackets() > 0, "the counters see the tunnel's traffic" + counters.detail());
                assertEquals(0, counters.leftClient(), "nothing left the client outside the tunnel" + counters.detail());
                assertEquals(0, counters.arrivedRouter(), "nothing reached the router outside the tunnel" + counters.detail());
            }
        }
    }
}
