package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bare openvpn client reaches the health target through either lab server, and the answer names it. */
class OpenVpnLabTest extends TwoServerLabTestBase {
    @Test
    void targetIsUnreachableWithoutATunnel() {
        DialResult dial = lab.dialTarget(Duration.ofSeconds(1));

        assertTrue(!dial.connected(), "the router must have no route to the target, but " + dial);
    }

    @Test
    void clientConfigReachesServerOne() {
        try (BareClient client = BareClient.openVpn(lab, 1)) {
            assertEquals("s1", lab.dialTarget(Duration.ofSeconds(3)).answer(), "log: " + client.log());
        }
    }

    @Test
    void remoteOptionSelectsServerTwo() {
        try (BareClient client = BareClient.openVpn(lab, 2)) {
            assertEquals("s2", lab.dialTarget(Duration.ofSeconds(3)).answer(), "log: " + client.log());
        }
    }

    @Test
    void aSecondClientTowardTheSameServerWaitsForItsOwnReadyLine() throws Exception {
        // Each client has its own log: with one appended log the second would "start" at once on the first one's line.
        Path first;
        try (BareClient client = BareClient.openVpn(lab, 1)) {
            first = client.log();
        }
        try (BareClient client = BareClient.openVpn(lab, 1)) {
            assertTrue(!client.log().equals(first), "each client has its own log");
            assertEquals(1, Files.readString(client.log()).lines().filter(l -> l.contains("Initialization Sequence Completed")).count());
            assertEquals("s1", lab.dialTarget(Duration.ofSeconds(3)).answer(), "log: " + client.log());
        }
    }
}
