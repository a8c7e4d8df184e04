package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.firewall.KillSwitchWatch;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnEvents;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnState;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each restart reaches the history once, from the event that begins it, with its cause, and a hook's with its file. */
class RestartRecordingTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final FakeServers servers = new FakeServers(1);
    private final ControlPlane plane = ControlPlane.create(ControlFixtures.settings(ControlFixtures.ROLES),
            ControlFixtures.PUBLIC_IP_OFF, ControlFixtures.parts(new FakeVpn(servers), servers, HooksView.NONE,
                    new HealthState(time.now()), time));

    /** A restart as the supervisor carries it out: down, and up again; only its first step counts. */
    private void restart(VpnRequest request) {
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, time.now(), Optional.empty(), request));
        plane.onVpnEvent(VpnEvents.event(VpnState.STOPPING, VpnState.STARTING, time.now(), Optional.empty(), request));
        plane.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, time.now(), Optional.empty(), request));
    }

    @Test
    void theHealersRestartIsHealWindowAndAHooksNamesItsFile() {
        restart(VpnRequest.restart(Cause.HEALER, "unhealthy for 6s"));
        restart(VpnRequest.restartByHook("heal.mjs", "heal.mjs: three timeouts in a row"));
        restart(VpnRequest.restartByHook("steer.mjs", "switching servers as steer.mjs asked: slow"));

        var restarts = plane.historySince(time.now().minusSeconds(1)).restarts();
        assertEquals(List.of(Cause.HEALER, Cause.HOOK, Cause.HOOK), restarts.stream().map(r -> r.cause()).toList());
        assertEquals(List.of(Optional.empty(), Optional.of("heal.mjs"), Optional.of("steer.mjs")), restarts.stream().map(r -> r.hook()).toList());
        assertEquals(List.of("unhealthy for 6s", "heal.mjs: three timeouts in a row", "switching servers as steer.mjs asked: slow"),
                restarts.stream().map(r -> r.reason()).toList());
    }

    @Test
    void aStopByTheKillSwitchWatchIsRecordedOnceAndACrashAsATunnelLost() {
        VpnRequest watch = VpnRequest.stop(Cause.KILL_SWITCH, KillSwitchWatch.STOP_REASON);
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, time.now(), Optional.empty(), watch));
        plane.onVpnEvent(VpnEvents.event(VpnState.STOPPING, VpnState.STOPPED, time.now(), Optional.empty(), watch));
        plane.onVpnEvent(VpnEvents.event(VpnState.STOPPED, VpnState.STARTING, time.now(), Optional.empty(), VpnRequest.start(Cause.KILL_SWITCH)));
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.CRASHED, "openvpn exited", time.now().minusMillis(300), Optional.empty()));
        var restarts = plane.historySince(time.now().minusSeconds(1)).restarts();
        assertEquals(List.of(Cause.KILL_SWITCH, Cause.CRASH), restarts.stream().map(r -> r.cause()).toList());
        assertEquals(List.of("kill-switch watch", "tunnel lost"), restarts.stream().map(r -> r.cause().label()).toList());
        assertEquals(time.now().minusMillis(300), restarts.get(1).at(), "at the event's time, not when it was recorded");
    }

    @Test
    void aRestartTakenIntoAnAttemptUnderWayIsRecordedButIsNoStateChange() {
        plane.onVpnEvent(VpnEvent.joined(VpnState.STARTING, time.now(), Optional.empty(), VpnRequest.restart(Cause.HEALER, "unhealthy for 6s")));
        var since = plane.historySince(time.now().minusSeconds(1));
        assertEquals(List.of(Cause.HEALER), since.restarts().stream().map(r -> r.cause()).toList());
        assertEquals(List.of(), since.changes());
    }

    @Test
    void aUsersStopAndStartAndTheProductsOwnAreNoRestarts() {
        VpnRequest stop = VpnRequest.stop(Cause.USER, "stopped through the control server");
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, time.now(), Optional.empty(), stop));
        plane.onVpnEvent(VpnEvents.event(VpnState.STOPPING, VpnState.STOPPED, time.now(), Optional.empty(), stop));
        plane.onVpnEvent(VpnEvents.event(VpnState.STOPPED, VpnState.STARTING, time.now(), Optional.empty(), VpnRequest.start(Cause.USER)));
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, time.now(), Optional.empty(),
                VpnRequest.stop(Cause.SHUTDOWN, "shutting down")));
        assertEquals(List.of(), plane.historySince(time.now().minusSeconds(1)).restarts());
    }
}
