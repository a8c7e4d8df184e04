package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.NextServer;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static dev.tunnelkeeper.control.ControlFixtures.ADMIN_PASSWORD;
import static dev.tunnelkeeper.control.ControlFixtures.ADMIN_USER;
import static dev.tunnelkeeper.control.ControlFixtures.READER_KEY;
import static dev.tunnelkeeper.control.ControlFixtures.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.HealthStateAccess;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webclient.http1.Http1ClientResponse;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The control listener through a real Helidon server: every route, and what each answers with and without credentials. */
@ServerTest
class ControlApiTest {
    private static final FakeServers SERVERS = new FakeServers(2);
    private static final FakeVpn VPN = new FakeVpn(SERVERS);
    private static final FakeHooks HOOKS = new FakeHooks();
    private static final HealthState HEALTH = new HealthState(Instant.now());
    private static ControlPlane plane;
    private static final java.util.concurrent.atomic.AtomicReference<Optional<dev.tunnelkeeper.portforward.ForwardedPort>>
            FORWARDED = new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());

    private final Http1Client client;

    ControlApiTest(Http1Client client) {
        this.client = client;
    }

    @SetUpServer
    static void server(WebServerConfig.Builder server) {
        plane = ControlPlane.create(ControlFixtures.settings(ControlFixtures.ROLES), ControlFixtures.PUBLIC_IP_OFF,
                ControlFixtures.parts(VPN, SERVERS, HOOKS, HEALTH, new SystemScheduler("control-api-test")));
        plane.portForward(FORWARDED::get);
        VPN.addListener(plane::onVpnEvent);
        plane.configure(server);
    }

    @BeforeEach
    void runningAndHealthy() {
        VPN.reset();
        HealthStateAccess.set(HEALTH, CheckResult.success(Instant.now(), Duration.ofMillis(12), Duration.ofSeconds(3)));
    }

    // ---- gluetun's routes ----

    @Test
    void theForwardedPortIsServedAtGluetunsTwoRoutesAndAsAMetric() {
        FORWARDED.set(Optional.empty());
        assertEquals("{\"port\":0}", admin(Method.GET, "/v1/portforward", null).body, "none yet: gluetun answers 0");
        FORWARDED.set(Optional.of(new dev.tunnelkeeper.portforward.ForwardedPort(40000, 40000, "10.8.1.1",
                Optional.empty(), Optional.of("s1"), Instant.now(), Instant.now().plusSeconds(60))));
        try {
            Answer a = admin(Method.GET, "/v1/portforward", null);
            assertEquals(200, a.status);
            assertEquals("{\"port\":40000}", a.body);
            assertEquals("{\"port\":40000}", admin(Method.GET, "/v1/openvpn/portforwarded", null).body);
            assertTrue(admin(Method.GET, "/observe/metrics", null).body.contains("tunnelkeeper_vpn_forwarded_port 40000.0"));
            assertEquals(Optional.of(40000), plane.portForwardView().current().map(p -> p.port()), "the status page's view");
            assertTrue(admin(Method.GET, "/", null).body.contains("id=\"forwarded-port\">40000</div>"), "on the status page");
        } finally {
            FORWARDED.set(Optional.empty());
        }
    }

    @Test
    void vpnStatusIsGluetunsShape() {
        Answer a = admin(Method.GET, "/v1/vpn/status", null);
        assertEquals(200, a.status);
        assertEquals("{\"status\":\"running\"}", a.body);
        assertTrue(a.contentType.startsWith("application/json"), a.contentType);
    }

    @Test
    void aUsersStopAndStartAreTheUsersRequests() {
        assertEquals("{\"outcome\":\"stopped\"}", admin(Method.PUT, "/v1/vpn/status", "{\"status\":\"stopped\"}").body);
        assertEquals("stopped", json(admin(Method.GET, "/v1/vpn/status", null)).getString("status"));
        assertEquals("{\"outcome\":\"already stopped\"}", admin(Method.PUT, "/v1/vpn/status", "{\"status\":\"stopped\"}").body);

        assertEquals("{\"outcome\":\"running\"}", admin(Method.PUT, "/v1/vpn/status", "{\"status\":\"running\"}").body);
        assertEquals("{\"outcome\":\"already running\"}", admin(Method.PUT, "/v1/vpn/status", "{\"status\":\"running\"}").body);
        assertEquals(List.of("stop: stopped through the control server", "stop: stopped through the control server", "start"),
                VPN.calls);
        assertEquals(List.of(VpnRequest.stop(Cause.USER, "stopped through the control server"),
                VpnRequest.stop(Cause.USER, "stopped through the control server"), VpnRequest.start(Cause.USER)), VPN.requests,
                "the supervisor keeps a VPN the user stopped stopped, from the cause of its intent");
    }

    @Test
    void theOpenVpnRouteIsTheSame() {
        assertEquals("{\"status\":\"running\"}", admin(Method.GET, "/v1/openvpn/status", null).body);
        assertEquals("{\"outcome\":\"stopped\"}", admin(Method.PUT, "/v1/openvpn/status", "{\"status\":\"stopped\"}").body);
    }

    @Test
    void badBodiesAre400WithTheReason() {
        assertError(admin(Method.PUT, "/v1/vpn/status", "{\"status\":\"paused\"}"), 400,
                "status \"paused\" is not known; valid: running, stopped");
        assertError(admin(Method.PUT, "/v1/vpn/status", "{\"status\":"), 400, "the body is not valid JSON");
        assertError(admin(Method.PUT, "/v1/vpn/status", ""), 400, "the body is empty; valid: a JSON object such as {\"status\":\"stopped\"}");
        assertError(admin(Method.PUT, "/v1/vpn/status", "[\"stopped\"]"), 400, "the body is a JSON array");
        assertError(admin(Method.PUT, "/v1/vpn/status", "{\"state\":\"stopped\"}"), 400, "unknown field \"state\"; valid fields: status");
        assertError(admin(Method.PUT, "/v1/vpn/status", "{\"status\":1}"), 400, "the field \"status\" is 1, not a string");
        assertEquals(List.of(), VPN.calls, "nothing was asked of the VPN");
    }

    @Test
    void publicIpIsEmptyWhileUnknown() {
        Answer a = admin(Method.GET, "/v1/publicip/ip", null);
        assertEquals(200, a.status);
        assertEquals("{\"public_ip\":\"\"}", a.body);
    }

    // ---- ours ----

    @Test
    void serversWithTheirHistoryAndTheCurrentOne() {
        JsonObject all = json(admin(Method.GET, "/v1/servers", null));
        assertEquals("s1", all.getString("current"));
        assertEquals(List.of("s1", "s2"), all.getJsonArray("servers").getValuesAs(JsonObject.class).stream()
                .map(s -> s.getString("name")).toList());
        JsonObject s1 = all.getJsonArray("servers").getJsonObject(0);
        assertEquals(0, s1.getInt("times_chosen"));
        assertTrue(s1.isNull("last_healthy"));
        assertEquals("Labland", s1.getString("country"));

        JsonObject current = json(admin(Method.GET, "/v1/servers/current", null));
        assertEquals("s1", current.getString("name"));
        assertEquals("running", current.getString("state"));
        assertEquals("10.201.0.2:1194/udp", current.getString("endpoint"));
    }

    @Test
    void switchingToANamedServerRestartsTowardIt() {
        JsonObject answer = json(admin(Method.PUT, "/v1/servers/current", "{\"name\":\"s2\"}"));
        assertEquals("s2", answer.getString("name"));
        assertEquals("running", answer.getString("outcome"));
        assertEquals(List.of("restart: switching to s2 (asked through the control server)"), VPN.calls);
        assertEquals(NextServer.named("s2"), VPN.requests.getFirst().next());
        assertTrue(admin(Method.GET, "/observe/metrics", null).body.contains("tunnelkeeper_vpn_restarts_total{cause=\"user\"} 1.0"),
                "the switch counts as a user's restart");
    }

    @Test
    void switchingToAnUnknownServerIs400ListingTheNames() {
        assertError(admin(Method.PUT, "/v1/servers/current", "{\"name\":\"nl-9\"}"), 400,
                "no server named \"nl-9\"; valid: s1, s2");
        assertError(admin(Method.PUT, "/v1/servers/current", "{}"), 400, "the field \"name\" is missing");
        assertEquals(List.of(), VPN.calls);
    }

    @Test
    void hooksAreListedAndReloaded() {
        JsonObject hooks = json(admin(Method.GET, "/v1/hooks", null));
        JsonObject first = hooks.getJsonArray("hooks").getJsonObject(0);
        assertEquals("scripts/heal.mjs", first.getString("file"));
        assertTrue(first.getBoolean("disabled"));
        assertEquals(3, first.getInt("errors"));
        assertEquals("scripts/heal.mjs:12: TypeError: x is undefined", first.getString("last_error"));
        assertTrue(hooks.getJsonArray("hooks").getJsonObject(1).isNull("last_error"));

        JsonObject reload = json(admin(Method.POST, "/v1/hooks/reload", null));
        assertEquals(List.of("scripts/select.mjs"), reload.getJsonArray("loaded").getValuesAs(jakarta.json.JsonString.class)
                .stream().map(jakarta.json.JsonString::getString).toList());
        assertEquals("scripts/heal.mjs:3: SyntaxError: Unexpected token", reload.getJsonArray("failed").getJsonObject(0).getString("error"));
        assertEquals(1, HOOKS.reloads.get());
    }

    @Test
    void healthHistoryHasChecksRestartsAndStateChanges() {
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        plane.onCheck(CheckResult.failure(t, Duration.ofSeconds(3), Duration.ofSeconds(3), "dial tcp 172.16.99.1:443: i/o timeout", ErrorKind.TIMEOUT));
        plane.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.CRASHED, "openvpn exited", t.plusSeconds(1), Optional.of(FakeVpn.connection("s1"))));
        JsonObject history = json(admin(Method.GET, "/v1/health/history", null));
        JsonObject check = last(history, "checks");
        assertEquals("2026-03-01T10:00:00Z", check.getString("at"));
        assertFalse(check.getBoolean("healthy"));
        assertEquals("timeout", check.getString("kind"));
        assertEquals(3000, check.getInt("took_ms"));
        JsonObject restart = last(history, "restarts");
        assertEquals("crash", restart.getString("cause"));
        assertEquals("openvpn exited", restart.getString("reason"));
        JsonObject change = last(history, "vpn");
        assertEquals("crashed", change.getString("to"));
        assertEquals("s1", change.getString("server"));
    }

    // ---- probes and metrics on the same listener ----

    @Test
    void probesAnswerWithoutCredentialsAndTellTheTruthTheDetailsNeedARole() {
        assertEquals(new Status(200, UP), status(request(Method.GET, "/observe/health/live", null, null, null)));
        assertEquals(new Status(200, UP), status(request(Method.GET, "/observe/health/ready", null, null, null)));
        HealthStateAccess.set(HEALTH, CheckResult.failure(Instant.now(), Duration.ofSeconds(3), Duration.ofSeconds(3),
                "dial tcp 172.16.99.1:443: i/o timeout", ErrorKind.TIMEOUT));
        assertEquals(new Status(503, DOWN), status(request(Method.GET, "/observe/health/ready", null, null, null)));
        assertEquals(401, request(Method.GET, "/observe/health", null, null, null).status);
        Answer details = admin(Method.GET, "/observe/health", null);
        assertEquals(503, details.status, "the whole is down when one is");
        assertTrue(details.body.contains("i/o timeout"), details.body);
    }

    @Test
    void startupIsUpFromTheFirstTunnel() {
        plane.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", Instant.now(), Optional.of(FakeVpn.connection("s1"))));
        assertEquals(new Status(200, UP), status(request(Method.GET, "/observe/health/started", null, null, null)));
        Answer details = admin(Method.GET, "/observe/health", null);
        assertTrue(details.body.contains("firstTunnelUp"), details.body);
    }

    @Test
    void metricsAreThePrometheusTextFormat() {
        plane.onCheck(CheckResult.success(Instant.now(), Duration.ofMillis(5), Duration.ofSeconds(3)));
        Answer a = admin(Method.GET, "/observe/metrics", null);
        assertEquals(200, a.status);
        assertTrue(a.contentType.startsWith("text/plain") && a.contentType.contains("version=0.0.4"), a.contentType);
        assertTrue(a.body.contains("# TYPE tunnelkeeper_health_checks_total counter"), a.body);
        assertEquals(401, request(Method.GET, "/observe/metrics", null, null, null).status, "metrics need credentials here");
    }

    @Test
    void theStatusPageIsHtmlBehindTheAuthWithTheRangeAskedForAndNoSecret() {
        Answer a = admin(Method.GET, "/", null);
        assertEquals(200, a.status);
        assertTrue(a.contentType.startsWith("text/html"), a.contentType);
        assertTrue(a.body.contains("<svg id=\"timeline\""), a.body);
        assertTrue(a.body.contains("data-range=\"1h\""), "an hour unless asked: " + a.body);
        assertTrue(a.body.contains("<noscript><meta http-equiv=\"refresh\""), "reloads itself without scripts: " + a.body);
        assertTrue(page("10m").contains("data-range=\"10m\""));
        assertTrue(page("24h").contains("data-range=\"24h\""));
        assertTrue(page("<b>").contains("data-range=\"1h\""), "anything else: the default");
        assertEquals(401, request(Method.GET, "/", null, null, null).status, "the page needs credentials");
        assertEquals(403, request(Method.GET, "/", READER_KEY, null, null).status, "and a role that names it");
        assertFalse(a.body.contains(ADMIN_PASSWORD) || a.body.contains(READER_KEY), "no secret on the page");
    }

    // ---- access ----

    @Test
    void noCredentialsIs401AskingForBasicAuth() {
        Answer a = request(Method.GET, "/v1/vpn/status", null, null, null);
        assertError(a, 401, "credentials required for GET /v1/vpn/status");
        assertEquals("Basic realm=\"tunnelkeeper control\", charset=\"UTF-8\"", a.wwwAuthenticate.orElseThrow());
    }

    @Test
    void aWrongApiKeyIs401() {
        assertEquals(401, request(Method.GET, "/v1/vpn/status", READER_KEY + "x", null, null).status);
        assertEquals(401, request(Method.GET, "/v1/vpn/status", READER_KEY.substring(1), null, null).status);
        assertEquals(401, request(Method.GET, "/v1/vpn/status", "", null, null).status);
    }

    @Test
    void theRightApiKeyIsLetIn() {
        assertEquals(200, request(Method.GET, "/v1/vpn/status", READER_KEY, null, null).status);
        assertEquals(200, request(Method.GET, "/v1/servers", READER_KEY, null, null).status);
    }

    @Test
    void basicAuthRightAndWrong() {
        assertEquals(200, request(Method.GET, "/v1/hooks", null, basic(ADMIN_USER, ADMIN_PASSWORD), null).status);
        assertEquals(401, request(Method.GET, "/v1/hooks", null, basic(ADMIN_USER, ADMIN_PASSWORD + "!"), null).status);
        assertEquals(401, request(Method.GET, "/v1/hooks", null, basic("root", ADMIN_PASSWORD), null).status);
        assertEquals(401, request(Method.GET, "/v1/hooks", null, "Basic not-base64!", null).status);
    }

    @Test
    void aRoleLackingTheRouteIs403() {
        Answer a = request(Method.PUT, "/v1/vpn/status", READER_KEY, null, "{\"status\":\"stopped\"}");
        assertError(a, 403, "the credentials sent are valid, but their role may not use PUT /v1/vpn/status");
        assertEquals(List.of(), VPN.calls, "the VPN was not stopped");
        assertEquals(403, request(Method.GET, "/v1/hooks", READER_KEY, null, null).status);
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() {
        assertError(request(Method.GET, "/v1/nothing", null, null, null), 404, "no route /v1/nothing on the control server");
        assertError(admin(Method.GET, "/v1/vpn/status/", null), 404, "no route /v1/vpn/status/");
        Answer wrong = admin(Method.DELETE, "/v1/vpn/status", null);
        assertError(wrong, 405, "method DELETE is not allowed on /v1/vpn/status; valid: GET, PUT");
        assertEquals("GET, PUT", wrong.allow.orElseThrow());
        assertEquals(405, request(Method.POST, "/observe/health/live", null, null, null).status);
    }

    @Test
    void noAnswerEverContainsASecret() {
        for (String path : List.of("/", "/v1/servers", "/v1/hooks", "/observe/metrics", "/v1/health/history")) {
            String body = admin(Method.GET, path, null).body;
            assertFalse(body.contains(READER_KEY) || body.contains(ADMIN_PASSWORD), path);
        }
    }

    // ---- helpers ----

    static final String UP = "{\"status\":\"UP\"}";
    static final String DOWN = "{\"status\":\"DOWN\"}";

    record Answer(int status, String body, String contentType, Optional<String> allow, Optional<String> wwwAuthenticate) {
    }

    /** A probe's answer: its status and its whole body. */
    record Status(int code, String body) {
    }

    static Status status(Answer answer) {
        return new Status(answer.status, answer.body);
    }

    private String page(String range) {
        try (Http1ClientResponse res = client.get("/").queryParam("range", range)
                .header(HeaderNames.AUTHORIZATION, basic(ADMIN_USER, ADMIN_PASSWORD)).request()) {
            assertEquals(200, res.status().code());
            return res.as(String.class);
        }
    }

    private Answer admin(Method method, String path, String body) {
        return request(method, path, null, basic(ADMIN_USER, ADMIN_PASSWORD), body);
    }

    private Answer request(Method method, String path, String apiKey, String authorization, String body) {
        return request(client, method, path, apiKey, authorization, body);
    }

    /** One request to the control listener: an API key, an Authorization header and a body where not null. */
    static Answer request(Http1Client client, Method method, String path, String apiKey, String authorization, String body) {
        Http1ClientRequest req = client.method(method).path(path);
        if (apiKey != null) {
            req.header(HeaderNames.create("X-API-Key"), apiKey);
        }
        if (authorization != null) {
            req.header(HeaderNames.AUTHORIZATION, authorization);
        }
        try (Http1ClientResponse res = body == null ? req.request() : req.submit(body)) {
            return new Answer(res.status().code(), res.as(String.class),
                    res.headers().contentType().map(Object::toString).orElse(""),
                    res.headers().first(HeaderNames.ALLOW), res.headers().first(HeaderNames.WWW_AUTHENTICATE));
        }
    }

    private static JsonObject json(Answer answer) {
        assertEquals(200, answer.status, answer.body);
        return Json.createReader(new StringReader(answer.body)).readObject();
    }

    private static JsonObject last(JsonObject history, String list) {
        List<JsonObject> items = history.getJsonArray(list).getValuesAs(JsonObject.class);
        return items.getLast();
    }

    private static void assertError(Answer answer, int status, String reasonStart) {
        assertEquals(status, answer.status, answer.body);
        String error = Json.createReader(new StringReader(answer.body)).readObject().getString("error");
        assertTrue(error.startsWith(reasonStart), "error: " + error);
    }
}
