package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PUBLICIP_ENABLED through the control plane: on, a tunnel-up asks the (local) service; off, nothing is asked. */
class PublicIpSwitchTest {
    @TempDir
    Path dir;
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer service;
    private SystemScheduler scheduler;

    @BeforeEach
    void localService() throws Exception {
        service = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        service.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"ip\":\"10.8.1.2\",\"country\":\"Labland\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        service.start();
        scheduler = new SystemScheduler("public-ip-switch-test");
    }

    @AfterEach
    void stop() {
        service.stop(0);
        scheduler.close();
    }

    @Test
    void onLooksTheAddressUpAfterATunnelUp() {
        Path file = dir.resolve("ip");
        try (ControlPlane plane = plane(true, file)) {
            plane.onVpnEvent(up());
            assertTrue(Poll.until(Duration.ofSeconds(10), () -> plane.publicIp().isPresent()), "the address is known");
            assertEquals("10.8.1.2", plane.publicIp().orElseThrow().ip());
            assertTrue(Files.exists(file));
        }
    }

    @Test
    void offNeverAsks() {
        // In virtual time: a lookup starts as a task handed to the scheduler at the tunnel-up, so with nothing handed
        // over nothing is asked, however long one waits. The same steps with the lookup on hand one over.
        VirtualScheduler onTime = new VirtualScheduler();
        try (ControlPlane on = plane(true, dir.resolve("ip-on"), onTime)) {
            on.onVpnEvent(up());
            assertEquals(1, onTime.pending(), "on: the tunnel-up hands the lookup to the scheduler");
        }
        Path file = dir.resolve("ip");
        VirtualScheduler time = new VirtualScheduler();
        try (ControlPlane plane = plane(false, file, time)) {
            plane.onVpnEvent(up());
            assertEquals(0, time.pending(), "off: nothing is handed to the scheduler");
            time.advance(Duration.ofMinutes(5));
            assertEquals(0, requests.get());
            assertFalse(plane.publicIp().isPresent());
            assertFalse(Files.exists(file));
        }
    }

    private ControlPlane plane(boolean enabled, Path file) {
        return plane(enabled, file, scheduler);
    }

    private ControlPlane plane(boolean enabled, Path file, Scheduler scheduler) {
        URI url = URI.create("http://127.0.0.1:" + service.getAddress().getPort() + "/json");
        FakeServers servers = new FakeServers(1);
        return ControlPlane.create(ControlFixtures.settings(List.of()), new PublicIpSettings(enabled, url, file, Secret.NONE),
                ControlFixtures.parts(new FakeVpn(servers), servers, HooksView.NONE, new HealthState(Instant.now()), scheduler));
    }

    private static VpnEvent up() {
        return VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", Instant.now(), Optional.of(FakeVpn.connection("s1")));
    }
}
