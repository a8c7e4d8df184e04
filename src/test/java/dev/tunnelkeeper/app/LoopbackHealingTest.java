package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.SystemScheduler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one real-time test of the whole loop, built as the product builds it with its own threads and a real TCP prober
 * (only the VPN client and the kill switch are fakes): a TCP listener on 127.0.0.1 is the target; closing it turns the
 * health server to 500 and, 6 s after the first failure, the restart line appears and the VPN client is started again.
 */
class LoopbackHealingTest {
    @TempDir
    Path dir;

    @Test
    void closingTheTargetTurnsUnhealthyAndRestartsAfterTheWindow() throws Exception {
        ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        int healthPort = RunCommandTest.freePort();
        Settings settings = SettingsAssembly.load(Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\n").toString(),
                "HEALTH_TARGET_ADDRESS", "127.0.0.1:" + target.getLocalPort(),
                "HEALTH_SERVER_ADDRESS", "127.0.0.1:" + healthPort,
                "HEALTH_SUCCESS_WAIT_DURATION", "1s",
                "HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:" + RunCommandTest.freePort(),
                "DNS_SERVER", "off",
                "PUBLICIP_ENABLED", "off",
                "SCRIPTS_DIR", Files.createDirectories(dir.resolve("scripts")).toString()));
        TestMachine.InstantClient client = new TestMachine.InstantClient();
        SystemScheduler health = new SystemScheduler("health-loop");
        TestMachine.Inputs inputs = TestMachine.Inputs.of(settings, health);
        HttpClient http = HttpClient.newHttpClient();
        try (LogCapture log = new LogCapture();
             Application app = Application.start(settings, inputs.source(), inputs.scripts(),
                     TestMachine.machine(Application.Threads.own(health), client,
                             lookup -> new TcpProber(List.of(new HostPort("127.0.0.1", target.getLocalPort())), lookup, health)),
                     refused -> { })) {
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> client.starts.size() == 1), "the VPN started");
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> status(http, healthPort) == 200), "healthy first");
            target.close();
            long closedAt = System.nanoTime();
            assertTrue(Poll.until(Duration.ofSeconds(5), () -> status(http, healthPort) == 500), "unhealthy after the close");
            HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + healthPort + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("dial tcp 127.0.0.1:" + target.getLocalPort() + ": connect: connection refused", res.body());
            assertTrue(Poll.until(Duration.ofSeconds(15), () -> client.starts.size() == 2), "the VPN restarted: " + client.starts);
            long afterMs = (System.nanoTime() - closedAt) / 1_000_000;
            // the first failing check runs within 1 s of the close (success wait), then the 6 s window: never before
            // 6 s; how late it may come on a busy machine is bounded by the 15 s wait above only (the window's length
            // is asserted exactly in virtual time by AutoHealerTest, and by the log line below)
            assertTrue(afterMs >= 6_000, "restart " + afterMs + " ms after the close");
            assertEquals(1, log.count("INFO [healthcheck] program has been unhealthy for 6s: restarting VPN"), log.lines().toString());
        }
    }

    private static int status(HttpClient http, int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
