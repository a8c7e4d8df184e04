package dev.tunnelkeeper.vpn.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WireGuardPlanTest {
    @Test
    void handshakePollsStartFastAndBackOffTo100Ms() {
        // A flat 100 ms poll would make every WireGuard restart up to 100 ms slower than the bare client.
        assertEquals(Duration.ofMillis(5), WireGuardPlan.handshakePollDelay(0));
        assertEquals(Duration.ofMillis(10), WireGuardPlan.handshakePollDelay(1));
        assertEquals(Duration.ofMillis(80), WireGuardPlan.handshakePollDelay(4));
        assertEquals(Duration.ofMillis(100), WireGuardPlan.handshakePollDelay(5));
        assertEquals(Duration.ofMillis(100), WireGuardPlan.handshakePollDelay(1000));
        long firstSecond = 0;
        int polls = 0;
        while (firstSecond < 1000) {
            firstSecond += WireGuardPlan.handshakePollDelay(polls++).toMillis();
        }
        assertTrue(polls <= 16, "a dead server costs at most ~16 polls in the first second, not " + polls);
    }

    @Test
    void aHandshakeIsARecordedNonZeroTime() {
        assertTrue(WireGuardPlan.handshakeDone("peerKey=\t1764672000\n"));
        assertEquals(false, WireGuardPlan.handshakeDone("peerKey=\t0\n"));
    }
}
