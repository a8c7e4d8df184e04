package dev.tunnelkeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tunnelkeeper.testing.RawHttp;
import dev.tunnelkeeper.testing.RawHttp.Reply;
import io.helidon.webserver.WebServer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests no real client sends, on a raw socket to the health listener built as the application builds it (Helidon's
 * defaults, no limits of ours). Each gets the status Helidon 4 answers with, never a stack trace, and the listener
 * answers a normal GET afterwards. Helidon's bodies for these are empty. Where Helidon differs from what a user would
 * expect (505 for HTTP/9.9, 431 for huge headers), the test pins what it does, so an upgrade that changes it shows.
 * The half-closed partial header is answered 500 and Helidon logs a WARNING with its stack trace
 * (InsufficientDataAvailableException): noise in the product's log, not a failure of the listener.
 */
class MalformedHttpTest {
    private static final HealthState STATE = new HealthState(Instant.now());
    private static WebServer server;

    @BeforeAll
    static void start() {
        Duration t = Duration.ofSeconds(3);
        HealthStateAccess.set(STATE, CheckResult.success(Instant.now(), Duration.ZERO, t));
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> HealthServer.routing(r, STATE)).build().start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("garbage instead of a request line", "\u0000\u0001\u00ff\u00fegarbage\r\n\r\n", 400),
                Arguments.of("request line without HTTP version", "GET /\r\n\r\n", 400),
                Arguments.of("unknown HTTP version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400), // not 505
                Arguments.of("header line without colon", "GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n", 400),
                Arguments.of("64 KiB request target", "GET /" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n\r\n", 414),
                Arguments.of("200 headers", "GET / HTTP/1.1\r\nHost: x\r\n" + headers(200, 10) + "\r\n", 200),
                Arguments.of("1 MiB header block", "GET / HTTP/1.1\r\nHost: x\r\n" + headers(1024, 1024) + "\r\n", 400), // not 431: over Helidon's 16 KiB
                Arguments.of("negative Content-Length", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n", 200), // the GET never reads it
                Arguments.of("Content-Length not a number", "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n", 400),
                Arguments.of("Content-Length larger than the body, then close",
                        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc", 200),
                Arguments.of("chunked body with a bad chunk size",
                        "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 200),
                Arguments.of("partial header, then close", "GET / HTTP/1.1\r\nHost: x\r\nX-Part", 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void answersWithTheStatusAndStillServes(String what, String request, int expected) throws IOException {
        Reply reply = RawHttp.send(server.port(), request);
        assertEquals(expected, reply.status(), what + ": " + reply.head() + reply.body());
        assertFalse(reply.hasStackTrace(), reply.body());
        stillServes();
    }

    @Test
    void aClientThatConnectsAndSendsNothing() throws IOException {
        RawHttp.connectAndClose(server.port());
        stillServes();
    }

    /** The state is healthy, so a normal GET is 200; an unhealthy one would be 500. */
    private static void stillServes() throws IOException {
        Reply reply = RawHttp.send(server.port(), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertEquals(200, reply.status(), reply.head());
    }

    // n headers "X-Header-i: vvv" with values of `size` characters.
    private static String headers(int n, int size) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("X-Header-").append(i).append(": ").append("v".repeat(size)).append("\r\n");
        }
        return b.toString();
    }

}
