package dev.tunnelkeeper.vpn.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.process.OutputLine;
import dev.tunnelkeeper.process.OutputLine.Level;
import org.junit.jupiter.api.Test;

class WireGuardOutputTest {
    @Test
    void wireguardGoLevelsBecomeOursWithoutItsPrefixAndTime() {
        assertEquals(OutputLine.of(Level.DEBUG, "peer(gz0f…qqW8) - Sending keepalive packet"),
                WireGuardOutput.classify("DEBUG: (wg0) 2026/11/24 08:13:57 peer(gz0f…qqW8) - Sending keepalive packet"));
        OutputLine error = WireGuardOutput.classify("ERROR: (wg0) 2026/11/24 08:13:57 Failed to create TUN device: no such file or directory");
        assertEquals(Level.ERROR, error.level());
        assertEquals("Failed to create TUN device: no such file or directory", error.text());
        assertEquals(OutputLine.of(Level.INFO, "something unprefixed"), WireGuardOutput.classify("something unprefixed"));
    }

    @Test
    void aNameClashAcrossNamespacesGetsAHint() {
        OutputLine out = WireGuardOutput.classify("ERROR: (wg0) 2026/11/24 08:13:57 UAPI listen error: unix socket in use");
        assertTrue(out.hints().getFirst().contains("set another VPN_INTERFACE"), out.hints()::toString);
    }
}
