package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lab's faults do what they say: a stopped or blackholed server's tunnel goes silent, and comes back. */
class FaultInjectionLabTest extends TwoServerLabTestBase {
    private static final Duration CUT_DIAL = Duration.ofSeconds(2);
    @Test
    void stoppedOpenVpnServerTimesOutAndRestartedOneServesTheSameClientAgain() {
        try (BareClient client = BareClient.openVpn(lab, 1)) {
            assertEquals("s1", lab.dialTarget(Duration.ofSeconds(3)).answer(), "log: " + client.log());

            lab.stopOpenVpnServer(1);
            DialResult cut = lab.dialTarget(CUT_DIAL);
            assertTrue(cut.timedOut(), "with s1's openvpn stopped the dial must time out, but " + cut);

            lab.startOpenVpnServer(1);
            // The untouched client notices only by its ping-restart (pushed `keepalive 2 10`), then reconnects.
            LabAwait.assertTargetAnswers(lab, "s1", Duration.ofSeconds(40), client);
        }
    }

    @Test
    void stoppedWireGuardServerTimesOutAndRestartedOneAcceptsANewClient() {
        try (BareClient client = BareClient.wireGuard(lab, 2)) {
            LabAwait.assertTargetAnswers(lab, "s2", Duration.ofSeconds(5), client);

            lab.stopWireGuardServer(2);
            DialResult cut = lab.dialTarget(CUT_DIAL);
            assertTrue(cut.timedOut(), "with s2's wireguard-go stopped the dial must time out, but " + cut);
            lab.startWireGuardServer(2);
        }
        // WireGuard timers would take 7-14 s to notice; a new client connects at once.
        try (BareClient client = BareClient.wireGuard(lab, 2)) {
            LabAwait.assertTargetAnswers(lab, "s2", Duration.ofSeconds(5), client);
        }
    }

    @Test
    void blackholedServerTimesOutUntilReleased() {
        try (BareClient client = BareClient.wireGuard(lab, 1)) {
            LabAwait.assertTargetAnswers(lab, "s1", Duration.ofSeconds(5), client);

            lab.blackhole(1, true);
            DialResult cut = lab.dialTarget(CUT_DIAL);
            lab.blackhole(1, false);

            assertTrue(cut.timedOut(), "with s1 blackholed the dial must time out, but " + cut);
            LabAwait.assertTargetAnswers(lab, "s1", Duration.ofSeconds(5), client);
        }
    }
}
