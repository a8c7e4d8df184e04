package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnEvents;
import dev.tunnelkeeper.vpn.Cause;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.firewall.KillSwitchWatch;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API version 2's events, built from the supervisor's records in virtual time: what each field says, each cause. */
class TunnelEventsTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private ScriptHost host;
    private HookNotifications n;
    private LogCapture log;

    @BeforeEach
    void load() {
        HookTesting.write(dir, "events.mjs", """
                export const apiVersion = 2;
                export function onTunnelUp(e) {
                  tk.log("up", e.server, e.interface, e.connectMs, e.downForMs, e.publicIp, Array.isArray(e.addresses));
                }
                export function onTunnelDown(e) { tk.log("down", e.server, e.cause, e.lastError, e.upForMs, e.vpnState); }
                export function onPublicIpChanged(e) { tk.log("ip", e.ip, e.previous, e.country, e.server); }
                export function onPortForwarded(e) { tk.log("port", e.ports.join("+"), e.previous.join("+"), e.server); }
                """);
        host = HookTesting.host(dir, time);
        host.scanNow();
        n = host.notifications(request -> { },
                () -> HookTesting.running("se-1", time.now()), () -> HookTesting.candidates("se-1"), Duration.ofMinutes(5),
                "tk-test-none0");
        log = new LogCapture();
    }

    @AfterEach
    void close() {
        log.close();
        host.close();
    }

    private static Optional<Connection> server(String name) {
        return Optional.of(new Connection(name, new Endpoint("203.0.113.1", 1194, Protocol.UDP), Optional.empty(), ""));
    }

    private void event(VpnState from, VpnState to, String reason, String server) {
        n.onVpnEvent(VpnEvents.event(from, to, reason, time.now(), server(server)));
    }

    private void event(VpnState from, VpnState to, VpnRequest request, String server) {
        n.onVpnEvent(VpnEvents.event(from, to, time.now(), server(server), request));
    }

    private List<String> told() {
        return log.lines().stream().filter(l -> l.contains("[hooks] events.mjs: "))
                .map(l -> l.substring(l.indexOf("events.mjs: ") + 12)).toList();
    }

    @Test
    void upAndDownSayHowLongAndWhy() {
        event(VpnState.STOPPED, VpnState.STARTING, "start", "se-1");
        time.advance(Duration.ofMillis(800));
        event(VpnState.STARTING, VpnState.RUNNING, "ready", "se-1");
        time.advance(Duration.ofMinutes(10));
        n.onCheckResult(CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3),
                "dial tcp 10.0.0.1:443: i/o timeout", ErrorKind.TIMEOUT));
        VpnRequest heal = VpnRequest.restart(Cause.HEALER, "unhealthy for 6s: dial tcp 10.0.0.1:443: i/o timeout");
        event(VpnState.RUNNING, VpnState.STOPPING, heal, "se-1");
        event(VpnState.STOPPING, VpnState.STARTING, heal, "se-2");
        time.advance(Duration.ofMillis(1500));
        event(VpnState.STARTING, VpnState.RUNNING, "ready", "se-2");
        assertEquals(List.of(
                "up se-1 tk-test-none0 800 null null true",
                "down se-1 heal-window dial tcp 10.0.0.1:443: i/o timeout 600000 stopping",
                "up se-2 tk-test-none0 1500 1500 null true"), told());
    }

    @Test
    void eachCauseIsNamed() {
        List<VpnRequest> requests = List.of(
                VpnRequest.restartByHook("failback.mjs", "switching servers as failback.mjs asked: back to se-1"),
                VpnRequest.restartByHook("outage.mjs", "outage.mjs: one try now"),
                VpnRequest.restart(Cause.HEALER, "unhealthy for 6s"),
                VpnRequest.restart(Cause.USER, "switching to se-2 (asked through the control server)"),
                VpnRequest.stop(Cause.USER, "stopped through the control server"),
                VpnRequest.stop(Cause.KILL_SWITCH, KillSwitchWatch.STOP_REASON),
                VpnRequest.restart(Cause.CRASH, "openvpn exited: tun read failed"),
                VpnRequest.stop(Cause.SHUTDOWN, "shutting down"),
                VpnRequest.stop(Cause.CONFIGURATION, "the VPN client refuses its configuration"));
        for (VpnRequest r : requests) {
            event(VpnState.STARTING, VpnState.RUNNING, "ready", "se-1");
            event(VpnState.RUNNING, r.cause() == Cause.CRASH ? VpnState.CRASHED : VpnState.STOPPING, r, "se-1");
        }
        assertEquals(List.of("hook", "hook", "heal-window", "user", "user", "kill-switch-watch", "tunnel-lost", "stopped", "stopped"),
                told().stream().filter(l -> l.startsWith("down ")).map(l -> l.split(" ")[2]).toList());
    }

    /** What the port forwarding's listener hands on: a first port, a new one after a heal, none with the tunnel down. */
    @Test
    void theForwardedPortsAreToldWithThePreviousOnes() {
        n.onPortForwarded(List.of(40000), List.of(), Optional.of("se-1"));
        n.onPortForwarded(List.of(), List.of(40000), Optional.of("se-1"));
        n.onPortForwarded(List.of(51234), List.of(), Optional.of("se-2"));
        assertEquals(List.of("port 40000  se-1", "port  40000 se-1", "port 51234  se-2"), told());
    }

    @Test
    void thePublicIpIsToldWhenItChangesAndCarriedByTheNextUp() {
        event(VpnState.STARTING, VpnState.RUNNING, "ready", "se-1");
        n.onPublicIp(PublicIp.of("198.51.100.7", "Sweden", "Stockholm", "Stockholm"));
        n.onPublicIp(PublicIp.of("198.51.100.7", "Sweden", "Stockholm", "Stockholm"));
        n.onPublicIp(PublicIp.of("198.51.100.8", "Sweden", "Stockholm", "Stockholm"));
        assertEquals(List.of("up se-1 tk-test-none0 0 null null true",
                "ip 198.51.100.7 null Sweden se-1", "ip 198.51.100.8 198.51.100.7 Sweden se-1"), told());
    }
}
