package dev.tunnelkeeper.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.control.history.RestartCause;
import dev.tunnelkeeper.firewall.KillSwitchWatch;
import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.VpnRestarter;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each restart reaches the history with its cause, and a hook's with its file; the VPN still gets every request. */
class RestartRecordingTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeServers servers = new FakeServers(1);
    private final ControlPlane plane = ControlPlane.create(ControlFixtures.settings(ControlFixtures.ROLES),
            ControlFixtures.PUBLIC_IP_OFF, ControlFixtures.parts(new FakeVpn(servers), servers, HooksView.NONE,
                    new HealthState(time.now()), time));

    @Test
    void theHealersRestartIsHealWindowUnlessAHookFileDecided() {
        List<String> asked = new ArrayList<>();
        VpnRestarter healer = plane.restarter(RestartCause.HEALER, asked::add);
        healer.restart("unhealthy for 6s", HealDecision.BUILT_IN);
        healer.restart("heal.mjs: three timeouts in a row", "heal.mjs");
        plane.restarter(RestartCause.HOOK, asked::add).restart("switching servers as steer.mjs asked: slow", "steer.mjs");

        assertEquals(List.of("unhealthy for 6s", "heal.mjs: three timeouts in a row", "switching servers as steer.mjs asked: slow"), asked);
        var restarts = plane.historySince(time.now().minusSeconds(1)).restarts();
        assertEquals(List.of(RestartCause.HEALER, RestartCause.HOOK, RestartCause.HOOK), restarts.stream().map(r -> r.cause()).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("heal.mjs"), Optional.of("steer.mjs")), restarts.stream().map(r -> r.hook()).toList());
    }

    @Test
    void aStopByTheKillSwitchWatchIsRecordedOnceAndACrashAsATunnelLost() {
        String why = KillSwitchWatch.STOP_REASON;
        plane.onVpnEvent(new VpnEvent(VpnState.RUNNING, VpnState.STOPPING, why, time.now(), Optional.empty()));
        plane.onVpnEvent(new VpnEvent(VpnState.STOPPING, VpnState.STOPPED, why, time.now(), Optional.empty()));
        plane.onVpnEvent(new VpnEvent(VpnState.STOPPED, VpnState.STARTING, "the kill switch is back", time.now(), Optional.empty()));
        plane.onVpnEvent(new VpnEvent(VpnState.RUNNING, VpnState.CRASHED, "openvpn exited", time.now().minusMillis(300), Optional.empty()));
        var restarts = plane.historySince(time.now().minusSeconds(1)).restarts();
        assertEquals(List.of(RestartCause.KILL_SWITCH, RestartCause.CRASH), restarts.stream().map(r -> r.cause()).toList());
        assertEquals(List.of("kill-switch watch", "tunnel lost"), restarts.stream().map(r -> r.cause().label()).toList());
        assertEquals(time.now().minusMillis(300), restarts.get(1).at(), "at the event's time, not when it was recorded");
    }
}
