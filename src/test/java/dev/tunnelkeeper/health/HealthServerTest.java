package dev.tunnelkeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The health server through a real Helidon listener. */
@ServerTest
class HealthServerTest {
    private static final HealthState STATE = new HealthState(Instant.now());
    private final Http1Client client;

    HealthServerTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        HealthServer.routing(routing, STATE);
    }

    private static void set(boolean healthy) {
        Duration t = Duration.ofSeconds(3);
        STATE.set(healthy ? CheckResult.success(Instant.now(), Duration.ZERO, t)
                : CheckResult.failure(Instant.now(), t, t, "dial tcp 10.0.0.1:443: i/o timeout", ErrorKind.TIMEOUT));
    }

    @Test
    void beforeTheFirstCheckItIs500WithTheSeedsMessage() {
        HealthState fresh = new HealthState(Instant.now());
        assertEquals("healthcheck did not run yet", fresh.status().error().orElseThrow());
    }

    @Test
    void healthyIs200WithAnEmptyBodyOnAnyPath() {
        set(true);
        for (String path : new String[] {"/", "/health", "/v1/anything"}) {
            try (Http1ClientResponse res = client.get(path).request()) {
                assertEquals(200, res.status().code(), path);
                assertEquals(0L, res.headers().contentLength().orElse(-1), "empty body");
            }
        }
    }

    @Test
    void unhealthyIs500WithTheErrorAsPlainText() {
        set(false);
        try (Http1ClientResponse res = client.get("/").request()) {
            assertEquals(500, res.status().code());
            assertTrue(res.headers().contentType().orElseThrow().text().startsWith("text/plain"));
            assertEquals("dial tcp 10.0.0.1:443: i/o timeout", res.as(String.class));
        }
    }

    @Test
    void otherMethodsAre400() {
        set(true);
        for (Method m : new Method[] {Method.POST, Method.PUT, Method.DELETE}) {
            try (Http1ClientResponse res = client.method(m).path("/").request()) {
                assertEquals(400, res.status().code(), m.text());
            }
        }
    }
}
