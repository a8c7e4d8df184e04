package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notification hook whose tk.fetch never gets an answer holds up no check, no heal decision and no restart: the
 * health loop, the healer and the restarts run in virtual time, the notifications on their own real thread, the
 * fetch against a real receiver on loopback that accepts and never answers. The same 2 minutes with and without the
 * hook give the same checks and the same restarts, to the millisecond; the hanging calls are still open when the
 * run ends.
 */
class NotificationsNeverInTheWayTest {
    @TempDir
    Path dir;

    private record Run(List<Long> restarts, int checks) {
    }

    @Test
    void aHangingFetchAddsNothingToTheHealTimes() throws Exception {
        Run without = run(false, null);
        try (HookReceiver receiver = new HookReceiver().hang()) {
            Run with = run(true, receiver);
            assertEquals(without, with, "the same checks and restarts at the same virtual times");
            assertTrue(with.restarts().size() >= 4, with.toString());
        }
    }

    private Run run(boolean hooks, HookReceiver receiver) throws Exception {
        VirtualScheduler time = new VirtualScheduler();
        Instant t0 = time.now();
        HookTesting.write(dir, "notify.mjs", hooks ? """
                export const apiVersion = 2;
                export async function onTunnelDown(e) {
                  await tk.fetch("http://hooks.example:8080/down", { method: "POST", body: e, timeoutMs: 30000 });
                }
                export async function onRestart(e) {
                  await tk.fetch("http://hooks.example:8080/restart", { method: "POST", body: e, timeoutMs: 30000 });
                }
                export async function onTunnelUp(e) {
                  await tk.fetch("http://hooks.example:8080/up", { method: "POST", body: e, timeoutMs: 30000 });
                }
                """ : "export const apiVersion = 2;\n");
        FetchExchange.Transport toReceiver = (request, address, port) ->
                new HttpFetchTransport().send(request, InetAddress.getLoopbackAddress(), receiver.port());
        FetchExchange.Resolver resolver = name -> new InetAddress[]{
                InetAddress.getByAddress(name, new byte[]{(byte) 203, 0, 113, 10})};
        try (SystemScheduler notifier = new SystemScheduler("hook-notifications");
             ScriptHost host = ScriptHost.create(new HookSettings(dir, HookTesting.GENEROUS, 5,
                     List.of("hooks.example:8080"), Map.of()), List.of(), time, time, notifier::execute,
                     toReceiver, resolver)) {
            host.scanNow();
            List<Long> restarts = new ArrayList<>();
            List<Instant> checks = new ArrayList<>();
            Optional<Connection> server = Optional.of(new Connection("se-1",
                    new Endpoint("203.0.113.1", 1194, Protocol.UDP), Optional.empty(), ""));
            HookNotifications[] notifications = new HookNotifications[1];
            notifications[0] = host.notifications(request -> { },
                    () -> HookTesting.running("se-1", time.now()), () -> HookTesting.candidates("se-1"),
                    Duration.ofMinutes(5), "tun0");
            HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)),
                    new HostPort("127.0.0.1", 9999), Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
            HealthLoop loop = new HealthLoop(time, new ScriptedProber(time, ScriptedProber.Outcome.TIMEOUT),
                    new HealthSchedule(settings.successWait()), new HealthState(t0));
            AutoHealer healer = new AutoHealer(time, settings, (reason, decidedBy) -> {
                restarts.add(Duration.between(t0, time.now()).toMillis());
                // what the supervisor tells its listeners on a restart: down, a new attempt, up again
                notifications[0].onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, reason, time.now(), server));
                notifications[0].onVpnEvent(VpnEvents.event(VpnState.STOPPING, VpnState.STARTING, reason, time.now(), server));
                notifications[0].onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "ready", time.now(), server));
            }, loop::vpnRestarted, host.healPolicy(() -> HookTesting.running("se-1", time.now())));
            loop.addListener(healer);
            loop.addListener(result -> checks.add(result.at()));
            loop.addListener(notifications[0]::onCheckResult);
            notifications[0].onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "ready", time.now(), server));
            healer.start();
            loop.start();
            long started = System.nanoTime();
            time.advance(Duration.ofMinutes(2));
            loop.stop();
            // a hook call that waited for its fetch would wait out the 30 s timeoutMs: the whole run takes less
            assertTrue(System.nanoTime() - started < Duration.ofSeconds(25).toNanos(), "the run waited on a fetch");
            Run run = new Run(restarts, checks.size());
            if (hooks) {
                // the notifications did run and did call out, and those calls are still open: they hang at the
                // receiver unanswered while the run above is already over
                assertTrue(Poll.until(Duration.ofSeconds(15), () -> receiver.requests.size() >= 3),
                        "requests seen: " + receiver.requests);
            }
            return run;
        }
    }
}
