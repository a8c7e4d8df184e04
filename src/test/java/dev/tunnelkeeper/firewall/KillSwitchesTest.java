package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.List;
import org.junit.jupiter.api.Test;

class KillSwitchesTest {
    private final ScriptedRunner runner = new ScriptedRunner();

    @Test
    void firewallOffIsTheOffSwitchWithALoudWarningAndNoCommand() throws Exception {
        FirewallSettings off = new FirewallSettings(false, List.of(), List.of(), List.of());
        try (LogCapture log = new LogCapture()) {
            assertSame(KillSwitch.OFF, KillSwitches.enable(off, "tun0", runner, FirewallCommands.DEFAULTS, true));
            assertEquals(List.of("WARN [firewall] " + KillSwitches.DISABLED_WARNING), log.lines());
        }
        assertEquals(List.of(), runner.calls);
    }

    @Test
    void onProbesTheNetworkThenPutsTheRulesInPlace() throws Exception {
        KillSwitch killSwitch = KillSwitches.enable(FirewallSettings.DEFAULTS, "tun0", runner, FirewallCommands.DEFAULTS, true);

        assertTrue(killSwitch instanceof IptablesKillSwitch);
        assertEquals(List.of("ip", "ip", "iptables-restore", "ip6tables-restore"),
                runner.calls.stream().map(ScriptedRunner.Call::name).toList());
        assertEquals(new RulePlan(FirewallSettings.DEFAULTS, RulePlanTest.DOCKER, FirewallState.INITIAL).ipv4().restoreInput(),
                runner.lastInput(IpFamily.IPV4));
    }

    @Test
    void aFailureToEnableIsThrownSoTheVpnDoesNotStart() {
        runner.failing = "iptables-restore";
        FirewallException e = assertThrows(FirewallException.class,
                () -> KillSwitches.enable(FirewallSettings.DEFAULTS, "tun0", runner, FirewallCommands.DEFAULTS, true));
        assertTrue(e.getMessage().startsWith("`iptables-restore -w 5` exited with status 4"), e.getMessage());
    }
}
