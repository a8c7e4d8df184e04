package dev.tunnelkeeper.control;

import static dev.tunnelkeeper.control.ControlFixtures.ADMIN_PASSWORD;
import static dev.tunnelkeeper.control.ControlFixtures.ADMIN_USER;
import static dev.tunnelkeeper.control.ControlFixtures.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.HealthStateAccess;
import dev.tunnelkeeper.testing.RawHttp;
import dev.tunnelkeeper.testing.RawHttp.Reply;
import dev.tunnelkeeper.time.SystemScheduler;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import jakarta.json.Json;
import jakarta.json.JsonReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests no real client sends, on a raw socket to the control listener, built as the application builds it. Each
 * gets the status Helidon 4 (or the control API) answers with, a JSON error where the control API answers, never a
 * stack trace, and the listener answers a normal GET afterwards.
 */
class MalformedControlHttpTest {
    private static final String AUTH = "Authorization: " + basic(ADMIN_USER, ADMIN_PASSWORD) + "\r\n";
    private static final FakeServers SERVERS = new FakeServers(2);
    private static final FakeVpn VPN = new FakeVpn(SERVERS);
    private static final HealthState HEALTH = new HealthState(Instant.now());
    private static WebServer server;
    private static int port;

    @BeforeAll
    static void start() {
        HealthStateAccess.set(HEALTH, CheckResult.success(Instant.now(), Duration.ZERO, Duration.ofSeconds(3)));
        ControlPlane plane = ControlPlane.create(ControlFixtures.settings(ControlFixtures.ROLES), ControlFixtures.PUBLIC_IP_OFF,
                ControlFixtures.parts(VPN, SERVERS, new FakeHooks(), HEALTH, new SystemScheduler("malformed-control-test")));
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false); // the control settings: 127.0.0.1:0
        plane.configure(builder);
        server = builder.build().start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    static Stream<Arguments> protocol() {
        return Stream.of(
                Arguments.of("garbage instead of a request line", "\u0000\u0001\u00ff\u00fegarbage\r\n\r\n", 400),
                Arguments.of("request line without HTTP version", "GET /v1/vpn/status\r\n\r\n", 400),
                Arguments.of("unknown HTTP version", "GET /v1/vpn/status HTTP/9.9\r\nHost: x\r\n" + AUTH + "\r\n", 400),
                Arguments.of("header line without colon", "GET /v1/vpn/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "NoColon\r\n\r\n", 400),
                Arguments.of("64 KiB request target", "GET /v1/" + "a".repeat(64 * 1024) + " HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 414),
                Arguments.of("1 MiB header block", "GET /v1/vpn/status HTTP/1.1\r\nHost: x\r\n" + AUTH
                        + ("X-Pad: " + "v".repeat(1024) + "\r\n").repeat(1024) + "\r\n", 400),
                // Helidon fails these while the route reads the body; the control API answers them 400 (was 500).
                Arguments.of("negative Content-Length", put("Content-Length: -1\r\n", ""), 400),
                Arguments.of("Content-Length not a number", put("Content-Length: ten\r\n", ""), 400),
                Arguments.of("Content-Length larger than the body, then close", put("Content-Length: 100\r\n", "{\"sta"), 400),
                Arguments.of("chunked body with a bad chunk size",
                        put("Transfer-Encoding: chunked\r\n", "zz\r\n{\"status\":\"stopped\"}\r\n0\r\n\r\n"), 400),
                // Helidon's own answer (and a WARNING with its stack trace in the log); the client has gone anyway.
                Arguments.of("partial header, then close", "PUT /v1/vpn/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "X-Part", 500));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("protocol")
    void protocolErrors(String what, String request, int expected) throws IOException {
        Reply reply = RawHttp.send(port, request);
        assertEquals(expected, reply.status(), what + ": " + reply.head() + reply.body());
        assertFalse(reply.hasStackTrace(), reply.body());
        // Helidon's own answers have no body; where the control API answers, it is its JSON error.
        assertTrue(reply.body().isEmpty() || error(reply).startsWith("the body cannot be read"), reply.body());
        stillServes();
    }

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("truncated", utf8("{\"status\":\"stopp"), "the body is not valid JSON"),
                Arguments.of("a number where a string belongs", utf8("{\"status\":5}"), "the field \"status\" is 5, not a string"),
                Arguments.of("null where a string belongs", utf8("{\"status\":null}"), "the field \"status\" is null, not a string"),
                Arguments.of("a string at the top", utf8("\"stopped\""), "the body is a JSON string"),
                // Parsson stops at depth 1000 with a bare RuntimeException: was a 500.
                Arguments.of("60000 '[' (under the size limit)", utf8("[".repeat(60_000)), "the body is not valid JSON (Input is too deeply nested"),
                Arguments.of("non-UTF-8 bytes", concat(utf8("{\"status\":\""), new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3}, utf8("\"}")),
                        "status \""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void badJsonBodiesAreAClearJsonError(String what, byte[] body, String error) throws IOException {
        Reply reply = RawHttp.send(port, concat(utf8(put("Content-Length: " + body.length + "\r\n", "")), body), true);
        assertEquals(400, reply.status(), what + ": " + reply.head() + reply.body());
        assertTrue(reply.head().toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json"), reply.head());
        assertTrue(error(reply).startsWith(error), reply.body());
        assertFalse(reply.hasStackTrace(), reply.body());
        stillServes();
    }

    /**
     * Over JsonBody.MAX_BYTES with a Content-Length: Helidon refuses it before it is read, 413 with an empty body
     * (without the limit all 20 MiB were buffered, then answered 400).
     */
    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {JsonBody.MAX_BYTES + 1, 100_000, 20 * 1024 * 1024})
    void aBodyOverTheLimitIs413(int size) throws IOException {
        byte[] body = ("{\"status\":\"" + "x".repeat(size - 13) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(size, body.length);
        Reply reply = RawHttp.send(port, concat(utf8(put("Content-Length: " + body.length + "\r\n", "")), body), true);
        assertEquals(413, reply.status(), reply.head() + reply.body());
        assertFalse(reply.hasStackTrace(), reply.body());
        stillServes();
    }

    /** At the limit exactly it is read and judged as JSON. */
    @Test
    void aBodyAtTheLimitIsRead() throws IOException {
        byte[] body = ("{\"status\":\"" + "x".repeat(JsonBody.MAX_BYTES - 13) + "\"}").getBytes(StandardCharsets.UTF_8);
        Reply reply = RawHttp.send(port, concat(utf8(put("Content-Length: " + body.length + "\r\n", "")), body), true);
        assertEquals(400, reply.status(), reply.head());
        assertTrue(error(reply).startsWith("status \"xxx"), reply.body());
        stillServes();
    }

    /** 20 MiB in chunks (no Content-Length to refuse up front): stopped at the limit while reading. */
    @Test
    void aHugeChunkedBody() throws IOException {
        ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        chunks.writeBytes(utf8(Integer.toHexString(11) + "\r\n{\"status\":\"\r\n"));
        for (int i = 0; i < 320; i++) {
            chunks.writeBytes(utf8(Integer.toHexString(chunk.length) + "\r\n"));
            chunks.writeBytes(chunk);
            chunks.writeBytes(utf8("\r\n"));
        }
        chunks.writeBytes(utf8("2\r\n\"}\r\n0\r\n\r\n"));
        Reply reply = RawHttp.send(port, concat(utf8(put("Transfer-Encoding: chunked\r\n", "")), chunks.toByteArray()), true);
        assertEquals(413, reply.status(), reply.head() + reply.body());
        assertEquals("the body has more than 65536 bytes; valid: at most 65536, such as {\"status\":\"stopped\"}", error(reply));
        assertFalse(reply.hasStackTrace(), reply.body());
        stillServes();
    }

    @Test
    void aClientThatConnectsAndSendsNothing() throws IOException {
        RawHttp.connectAndClose(port);
        stillServes();
    }

    private static String error(Reply reply) {
        try (JsonReader reader = Json.createReader(new StringReader(reply.body()))) {
            return reader.readObject().getString("error");
        }
    }

    private static String put(String headers, String body) {
        return "PUT /v1/vpn/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Type: application/json\r\n" + headers + "\r\n" + body;
    }

    private static void stillServes() throws IOException {
        Reply reply = RawHttp.send(port, "GET /v1/vpn/status HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
        assertEquals(200, reply.status(), reply.head());
        assertEquals("{\"status\":\"running\"}", reply.body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
