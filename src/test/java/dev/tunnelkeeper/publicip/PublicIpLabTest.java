package dev.tunnelkeeper.publicip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.BareClient;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The lab's lookup service answers through a tunnel only, and its answer is one our parser reads. */
@Tag("lab")
class PublicIpLabTest {
    @Test
    void theEchoTellsTheTunnelAddressAndTheServerThroughTheTunnelOnly() {
        LabSupport.assumeLabCanRun();
        try (Lab lab = Lab.start(2)) {
            String url = lab.startIpEcho();
            assertThrows(RuntimeException.class, () -> NamespaceHttp.call(lab, lab.clientNamespace(), "GET", url, null, Map.of()),
                    "no tunnel: the lab has no route to the echo");
            try (BareClient tunnel = BareClient.openVpn(lab, 2)) {
                assertTrue(tunnel.process().isAlive(), "the bare OpenVPN client runs");
                NamespaceHttp.Answer answer = NamespaceHttp.call(lab, lab.clientNamespace(), "GET", url, null, Map.of());
                assertEquals(200, answer.status());
                PublicIp ip = PublicIpParser.parse(answer.body());
                assertTrue(ip.ip().startsWith("10.8.2."), "the client's tunnel address from server 2's pool: " + ip);
                assertEquals("Labland, s2, Lab City", ip.describe().substring(ip.describe().indexOf('(') + 1, ip.describe().length() - 1));
            }
        }
    }
}
