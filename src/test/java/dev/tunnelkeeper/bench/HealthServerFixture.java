package dev.tunnelkeeper.bench;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.health.HealthServer;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.HealthStateAccess;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.time.SystemScheduler;
import io.helidon.webserver.WebServer;
import java.time.Duration;
import java.util.List;

/**
 * A live health server for benchmarks of the healthcheck client: the real HealthServer routing on a Helidon
 * listener, made healthy by one real check against its own port. Args: port. Stops on stdin EOF.
 */
public final class HealthServerFixture {
    private HealthServerFixture() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        HealthState state = new HealthState(java.time.Instant.now());
        WebServer server = WebServer.builder().host("127.0.0.1").port(port).shutdownHook(false)
                .routing(r -> HealthServer.routing(r, state)).build().start();
        // One real check of the listener itself turns the state healthy, through the package's own path.
        var result = new TcpProber(List.of(new HostPort("127.0.0.1", port)), NameLookup.SYSTEM,
                new SystemScheduler("prober-clock")).check(Duration.ofSeconds(3))
                .toCompletableFuture().get();
        HealthStateAccess.set(state, result);
        System.out.println("ready " + server.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for EOF
        }
        server.stop();
    }
}
