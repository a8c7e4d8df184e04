package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.KillSwitch;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What listens before the kill switch is on, with the real Helidon servers on 127.0.0.1 and a kill switch that
 * holds its start until the test lets it go: the health server on a loopback address answers already (the kill
 * switch's iptables take ~0.1 s of the start in the image); the control server, and a health server on any other
 * address, wait for the kill switch.
 */
class ListenOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aLoopbackHealthServerAnswersWhileTheKillSwitchComesUpAndTheControlServerWaitsForIt() throws Exception {
        int healthPort = RunCommandTest.freePort();
        int controlPort = RunCommandTest.freePort();
        try (Starting app = new Starting(settings("127.0.0.1:" + healthPort, controlPort))) {
            app.killSwitchAsked.await(20, TimeUnit.SECONDS);
            assertTrue(Poll.until(WAIT, () -> status(healthPort) == 500), "the health server answers (not checked yet)");
            assertEquals(-1, status(controlPort), "the control server does not listen before the kill switch is on");

            app.letTheKillSwitchGo.countDown();
            assertTrue(Poll.until(WAIT, () -> status(controlPort) != -1), "the control server listens once it is on");
        }
    }

    @Test
    void aHealthServerOnEveryInterfaceWaitsForTheKillSwitch() throws Exception {
        int healthPort = RunCommandTest.freePort();
        try (Starting app = new Starting(settings(":" + healthPort, RunCommandTest.freePort()))) {
            app.killSwitchAsked.await(20, TimeUnit.SECONDS);
            // nothing to poll for: the main thread is held in the kill switch, and the server comes after it
            assertEquals(-1, status(healthPort), "nothing listens before the kill switch is on");

            app.letTheKillSwitchGo.countDown();
            assertTrue(Poll.until(WAIT, () -> status(healthPort) == 500), "then it answers");
        }
    }

    @Test
    void loopbackMeansOnlyThisMachineCanConnect() {
        for (String host : new String[] {"127.0.0.1", "127.3.2.1", "::1", "localhost"}) {
            assertTrue(Application.isLoopback(new HostPort(host, 9999)), host);
        }
        for (String host : new String[] {"", "0.0.0.0", "::", "10.0.0.1", "health.example"}) {
            assertFalse(Application.isLoopback(new HostPort(host, 9999)), host);
        }
    }

    private Settings settings(String healthAddress, int controlPort) throws Exception {
        return SettingsAssembly.load(Map.of(
                "TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString(),
                "OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\n").toString(),
                "HEALTH_TARGET_ADDRESS", "127.0.0.1:" + RunCommandTest.freePort(),
                "HEALTH_SERVER_ADDRESS", healthAddress,
                "HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:" + controlPort,
                "DNS_SERVER", "off",
                "PUBLICIP_ENABLED", "off",
                "SCRIPTS_DIR", Files.createDirectories(dir.resolve("scripts")).toString()));
    }

    /** Application.start on a thread of its own, its kill switch held until the test counts the latch down. */
    private static final class Starting implements AutoCloseable {
        final CountDownLatch killSwitchAsked = new CountDownLatch(1);
        final CountDownLatch letTheKillSwitchGo = new CountDownLatch(1);
        private final CompletableFuture<Application> started = new CompletableFuture<>();

        Starting(Settings settings) throws Exception {
            SystemScheduler health = new SystemScheduler("health-loop");
            TestMachine.Inputs inputs = TestMachine.Inputs.of(settings, health);
            Application.Machine machine = new Application.Machine(Application.Threads.own(health), () -> {
                killSwitchAsked.countDown();
                try {
                    letTheKillSwitchGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return KillSwitch.OFF;
            }, new TestMachine.InstantClient(), lookup -> new TcpProber(settings.health().targets(), lookup, health),
                    new Random(7));
            Thread.ofPlatform().name("starting").start(() -> {
                try {
                    started.complete(Application.start(settings, inputs.source(), inputs.scripts(), machine, refused -> { }));
                } catch (Throwable e) {
                    started.completeExceptionally(e);
                }
            });
        }

        @Override
        public void close() throws Exception {
            letTheKillSwitchGo.countDown();
            started.get(30, TimeUnit.SECONDS).close();
        }
    }

    private int status(int port) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }
}
