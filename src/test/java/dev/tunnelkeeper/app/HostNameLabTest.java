package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.LeakCounters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A provider's .ovpn names its server by host name. The container's resolver (a DNS server on the router, outside any
 * tunnel, named by the client's resolver configuration) first answers server 1; while server 1 is down the name moves
 * to server 2. The product asks the name again after the failure, through a kill switch that lets out only that
 * query, and follows it to server 2. Leak counters on both sides of the client's link: nothing but the DNS queries
 * to that resolver left outside the tunnel.
 */
@Tag("lab")
class HostNameLabTest {
    private static final String NAME = "vpn.tunnelkeeper.lab";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void theNameMovesToAnotherServerWhileTheFirstIsDownAndTheProductFollowsIt() throws Exception {
        try (Lab lab = Lab.start(2)) {
            String server1 = lab.openVpnEndpoint(1).ip();
            String server2 = lab.openVpnEndpoint(2).ip();
            Path answers = Files.writeString(lab.directory().resolve("dns-answers"), NAME + " " + server1 + "\n");
            Path dnsLog = lab.directory().resolve("name-server.log");
            lab.startNameServer(lab.clientGateway(), answers, 1, dnsLog);
            Path ovpn = lab.directory().resolve("by-name.ovpn");
            Files.writeString(ovpn, Files.readString(lab.clientOvpn()).replaceFirst("(?m)^remote \\S+ (\\d+)$", "remote " + NAME + " $1"));
            assertTrue(Files.readString(ovpn).contains("remote " + NAME + " "), "the .ovpn names its server by host name");

            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("OPENVPN_CUSTOM_CONFIG", ovpn.toString());
            env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
            LeakCounters counters = LeakCounters.installAllowingDns(lab, "openvpn", List.of(lab.clientGateway()));
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("[servers] " + NAME + " resolved to " + server1 + " (before the kill switch closes)", 1, Duration.ofSeconds(30));
                tk.await("INFO [healthcheck] healthy!", 1, Duration.ofSeconds(30));
                assertEquals("s1", lab.dialTarget(Duration.ofSeconds(3)).answer());
                long queriesAtStart = queries(dnsLog);

                Files.writeString(answers, NAME + " " + server2 + "\n");
                lab.stopOpenVpnServer(1);
                tk.await("[servers] " + NAME + " resolved again to " + server2 + " (was " + server1 + ")", 1, Duration.ofSeconds(60));
                tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
                assertEquals("s2", lab.dialTarget(Duration.ofSeconds(3)).answer(), "the tunnel goes to server 2 now");
                assertTrue(tk.log().contains("kill switch: VPN endpoint " + server2 + ":1194/udp allowed out"), tk.log());
                assertTrue(queries(dnsLog) > queriesAtStart, "asked again:\n" + Files.readString(dnsLog));

                String rules = lab.exec(lab.clientNamespace(), "iptables", "-S", "OUTPUT");
                assertFalse(rules.contains("--dport 53"), "the DNS hole is closed again:\n" + rules);
                assertFalse(rules.contains(server1 + "/32"), "server 1's endpoint rule is gone:\n" + rules);
                assertTrue(counters.dnsPackets() > 0, "the counters see the queries" + counters.detail());
                assertTrue(counters.vpnPackets() > 0, "the counters see the tunnel" + counters.detail());
                assertEquals(0, counters.leftClient(), "nothing but DNS left the client outside the tunnel" + counters.detail());
                assertEquals(0, counters.arrivedRouter(), "nothing but DNS reached the router outside the tunnel" + counters.detail());
            }
        }
    }

    private static long queries(Path log) throws java.io.IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("QUERY ") && l.contains(NAME)).count();
    }
}
