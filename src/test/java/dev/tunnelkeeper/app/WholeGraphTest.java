package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.scripting.HookFileStatus;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.VpnState;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's object graph, built by the one construction path, in virtual time: a scripted prober, a VPN client
 * whose tunnels are up at once, no kill switch, both threads one virtual scheduler; the real health loop, healer,
 * supervisor, server source, control plane (history, metrics, API) and hooks. Health loop -> healer -> supervisor ->
 * events -> history, metrics and hooks; the user's stop and switch through the control API.
 */
class WholeGraphTest {
    @TempDir
    Path dir;

    private final VirtualScheduler time = new VirtualScheduler();
    private final HttpClient http = HttpClient.newHttpClient();

    private Settings settings() throws Exception {
        Path scripts = Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(scripts.resolve("events.mjs"), """
                export const apiVersion = 2;
                export function onTunnelDown(e) { tk.log("down", e.cause, e.server); }
                """);
        return SettingsAssembly.load(Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"),
                        "remote 192.0.2.1 1194\nremote 192.0.2.2 1194\n").toString(),
                "HEALTH_TARGET_ADDRESS", "10.0.0.1:443",
                "HEALTH_SERVER_ADDRESS", "127.0.0.1:" + RunCommandTest.freePort(),
                "HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:" + RunCommandTest.freePort(),
                "HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"none\"}",
                "DNS_SERVER", "off",
                "PUBLICIP_ENABLED", "off",
                "SCRIPTS_DIR", scripts.toString()));
    }

    @Test
    void healerRestartsAUsersStopHoldsAndEveryPartReadsTheSameCause() throws Exception {
        Settings settings = settings();
        ScriptedProber prober = new ScriptedProber(time, ScriptedProber.Outcome.OK);
        TestMachine.InstantClient client = new TestMachine.InstantClient();
        TestMachine.Inputs inputs = TestMachine.Inputs.of(settings, time);
        List<String> servers = inputs.source().snapshot().stream().map(c -> c.server().name()).toList();
        assertEquals(2, servers.size(), servers.toString());

        try (LogCapture log = new LogCapture()) {
            Application app = Application.start(settings, inputs.source(), inputs.scripts(),
                    TestMachine.machine(TestMachine.oneScheduler(time), client, lookup -> prober), refused -> { });
            try {
                assertTrue(Poll.until(Duration.ofSeconds(20), () -> inputs.scripts().status().stream()
                        .anyMatch(f -> f.state() == HookFileStatus.State.ACTIVE)), "the hook loaded");
                time.advance(Duration.ofSeconds(1));
                assertEquals(VpnState.RUNNING, app.supervisor().status().state());
                assertEquals(200, get(app.healthPort(), "/").statusCode(), "healthy");

                // the target stops answering: 6 s after the first failure the healer restarts the VPN
                prober.set(ScriptedProber.Outcome.TIMEOUT);
                time.advance(Duration.ofSeconds(15));
                assertTrue(log.lines().contains("INFO [healthcheck] program has been unhealthy for 6s: restarting VPN"),
                        log.lines()::toString);
                assertEquals(2, client.starts.size(), client.starts.toString());
                assertNotEquals(client.starts.get(0), client.starts.get(1), "the restart goes to the other server");
                JsonObject history = json(get(app.controlPort(), "/v1/health/history").body());
                JsonObject restart = history.getJsonArray("restarts").getJsonObject(0);
                assertEquals("healer", restart.getString("cause"));
                assertEquals("unhealthy for 6s: dial tcp 10.0.0.1:443: i/o timeout", restart.getString("reason"));
                assertTrue(get(app.controlPort(), "/observe/metrics").body()
                        .contains("tunnelkeeper_vpn_restarts_total{cause=\"healer\"} 1.0"));
                awaitLog(log, "INFO [hooks] events.mjs: down heal-window " + client.starts.get(0));

                // the user stops it: it stays stopped, the healer does not even ask
                assertEquals("{\"outcome\":\"stopped\"}", pumped(() -> put(app.controlPort(), "/v1/vpn/status",
                        "{\"status\":\"stopped\"}")).body());
                awaitLog(log, "INFO [hooks] events.mjs: down user " + client.starts.get(1));
                time.advance(Duration.ofMinutes(1));
                assertEquals(VpnState.STOPPED, app.supervisor().status().state());
                assertEquals(2, client.starts.size(), "nothing started it");
                assertTrue(log.lines().stream().anyMatch(l -> l.endsWith(
                        ": not restarting VPN (it was stopped through the control API)")), log.lines()::toString);

                // the user connects it to the first server by name: a start toward it, no restart
                JsonObject current = json(pumped(() -> put(app.controlPort(), "/v1/servers/current",
                        "{\"name\":\"" + client.starts.get(0) + "\"}")).body());
                assertEquals("running", current.getString("outcome"));
                assertEquals(client.starts.get(0), current.getString("name"));
                assertEquals(List.of(client.starts.get(0), client.starts.get(1), client.starts.get(0)), client.starts);
                String metrics = get(app.controlPort(), "/observe/metrics").body();
                assertTrue(metrics.contains("tunnelkeeper_vpn_restarts_total{cause=\"healer\"} 1.0"), metrics);
                assertTrue(metrics.contains("tunnelkeeper_vpn_restarts_total{cause=\"user\"} 0.0"), metrics);
            } finally {
                pumped(() -> {
                    app.close();
                    return null;
                });
            }
        }
    }

    /** A kill switch whose rules someone else changed and it cannot put back, until the test says they are back. */
    private static final class BrokenRules implements KillSwitch {
        volatile boolean broken;

        @Override
        public void allowEndpoint(dev.tunnelkeeper.vpn.Endpoint endpoint) {
        }

        @Override
        public void tunnelUp(String iface) {
        }

        @Override
        public void tunnelDown(String iface) {
        }

        @Override
        public Optional<String> restoreIfChanged() throws FirewallException {
            if (broken) {
                throw new FirewallException("iptables-restore: exit 4");
            }
            return Optional.empty();
        }
    }

    @Test
    void theKillSwitchWatchStopsAndStartsTheVpnAndOnlyItsOwnStopIsUndone() throws Exception {
        Settings settings = settings();
        ScriptedProber prober = new ScriptedProber(time, ScriptedProber.Outcome.OK);
        TestMachine.InstantClient client = new TestMachine.InstantClient();
        TestMachine.Inputs inputs = TestMachine.Inputs.of(settings, time);
        BrokenRules rules = new BrokenRules();
        try (LogCapture log = new LogCapture()) {
            Application app = Application.start(settings, inputs.source(), inputs.scripts(),
                    new Application.Machine(TestMachine.oneScheduler(time), () -> rules, client, lookup -> prober,
                            new java.util.Random(7)), refused -> { });
            try {
                assertTrue(Poll.until(Duration.ofSeconds(20), () -> inputs.scripts().status().stream()
                        .anyMatch(f -> f.state() == HookFileStatus.State.ACTIVE)), "the hook loaded");
                time.advance(Duration.ofSeconds(1));
                rules.broken = true;
                time.advance(Duration.ofSeconds(5)); // the watch looks every 5 s
                assertEquals(VpnState.STOPPED, app.supervisor().status().state());
                assertTrue(app.supervisor().intent().stopBy(Cause.KILL_SWITCH));
                awaitLog(log, "INFO [hooks] events.mjs: down kill-switch-watch " + client.starts.get(0));
                JsonObject restart = json(get(app.controlPort(), "/v1/health/history").body()).getJsonArray("restarts").getJsonObject(0);
                assertEquals("kill_switch", restart.getString("cause"));
                rules.broken = false;
                time.advance(Duration.ofSeconds(5));
                assertEquals(VpnState.RUNNING, app.supervisor().status().state(), "started again once the rules are back");
                assertEquals(2, client.starts.size());

                // a user's stop while the rules are broken is the user's: the watch does not undo it
                rules.broken = true;
                time.advance(Duration.ofSeconds(5));
                pumped(() -> put(app.controlPort(), "/v1/vpn/status", "{\"status\":\"running\"}"));
                assertEquals(3, client.starts.size(), "the user started it");
                time.advance(Duration.ofSeconds(5));
                pumped(() -> put(app.controlPort(), "/v1/vpn/status", "{\"status\":\"stopped\"}"));
                rules.broken = false;
                time.advance(Duration.ofSeconds(10));
                assertEquals(VpnState.STOPPED, app.supervisor().status().state());
                assertTrue(app.supervisor().intent().stopBy(Cause.USER));
                assertEquals(3, client.starts.size());
            } finally {
                pumped(() -> {
                    app.close();
                    return null;
                });
            }
        }
    }

    /** Runs a call that waits for the VPN's thread on another thread, moving nothing but what is due now meanwhile. */
    private <T> T pumped(Supplier<T> call) {
        CompletableFuture<T> done = CompletableFuture.supplyAsync(call);
        while (!done.isDone()) {
            time.runDue();
            Thread.onSpinWait();
        }
        return done.join();
    }

    private static void awaitLog(LogCapture log, String line) {
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> log.lines().contains(line)), () -> line + " in " + log.lines());
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(int port, String path, String body) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }
}
