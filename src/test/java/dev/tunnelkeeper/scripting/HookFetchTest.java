package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.metrics.TunnelMetrics;
import dev.tunnelkeeper.lab.HookReceiverServer;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.testing.Poll;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tk.fetch with real GraalJS and real HTTP receivers on 127.0.0.1. The policy sees the addresses a container would
 * (hooks.example is 203.0.113.10, a public address; the LAN receiver is 192.168.7.10 in FIREWALL_OUTBOUND_SUBNETS);
 * the test's transport carries each checked address to the receiver standing for it on loopback, and refuses any
 * other, so nothing here dials outside loopback. Waits are real (the receivers are real), each bounded as a hang.
 */
class HookFetchTest {
    private static final Duration HANG = Duration.ofSeconds(15);
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private final List<String> unroutable = new java.util.concurrent.CopyOnWriteArrayList<>();
    private HookReceiver pub;
    private HookReceiver lan;
    private ScriptHost host;
    private HookNotifications notifications;
    private TunnelMetrics metrics;
    private LogCapture log;

    @BeforeEach
    void receivers() throws IOException {
        pub = new HookReceiver();
        lan = new HookReceiver();
        log = new LogCapture();
    }

    @AfterEach
    void close() throws IOException {
        if (host != null) {
            host.close();
        }
        pub.close();
        lan.close();
        log.close();
    }

    private void start(String hook) {
        HookTesting.write(dir, "notify.mjs", hook);
        Map<String, String> names = Map.of("hooks.example", "203.0.113.10", "rebind.example", "127.0.0.1",
                "metadata.example", "169.254.169.254", "router.example", "192.168.7.1");
        FetchExchange.Transport nat = (request, address, port) -> {
            String to = address.getHostAddress() + ":" + port;
            int real = switch (to) {
                case "203.0.113.10:8080" -> pub.port();
                case "192.168.7.10:8080" -> lan.port();
                default -> -1;
            };
            if (real < 0) {
                unroutable.add(to);
                throw new IOException("no receiver for " + to + " in this test");
            }
            return new HttpFetchTransport().send(request, InetAddress.getLoopbackAddress(), real);
        };
        FetchExchange.Resolver resolver = name -> {
            String ip = names.get(name);
            if (ip == null) {
                throw new java.net.UnknownHostException(name);
            }
            return new InetAddress[]{InetAddress.getByAddress(name, InetAddress.getByName(ip).getAddress())};
        };
        HookSettings settings = new HookSettings(dir, HookTesting.GENEROUS, 5,
                List.of("hooks.example:8080", "192.168.7.0/24:8080", "rebind.example:8080", "metadata.example:80",
                        "router.example:8080"),
                Map.of("TOKEN", new Secret("s3cr3t-token-value")));
        host = ScriptHost.create(settings, List.of("192.168.7.0/24"), time, time, Runnable::run, nat, resolver);
        metrics = new TunnelMetrics(time);
        host.countWith(metrics);
        host.scanNow();
        assertEquals(HookFileStatus.State.ACTIVE, host.status().get(0).state(), host.status().toString());
        notifications = host.notifications(request -> { },
                () -> HookTesting.running("se-1", time.now()), () -> HookTesting.candidates("se-1"),
                Duration.ofMinutes(5), "tun0");
    }

    private static Optional<Connection> se1() {
        return Optional.of(new Connection("se-1", new Endpoint("203.0.113.1", 1194, Protocol.UDP), Optional.empty(), ""));
    }

    private void up() {
        notifications.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "ready", time.now(), se1()));
    }

    private void down(VpnRequest request) {
        notifications.onVpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.STOPPING, time.now(), se1(), request));
    }

    private boolean logged(String fragment) {
        return Poll.until(HANG, () -> log.count(fragment) > 0);
    }

    @Test
    void aNotificationPostsStructuredJsonWithASecretHeaderAndReadsTheAnswer() {
        pub.answer("201 Created", "", "{\"id\":7}");
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  const r = await tk.fetch("http://hooks.example:8080/up?x=1", { method: "POST",
                    headers: { Authorization: "Bearer " + tk.secret("TOKEN") },
                    body: { event: "up", server: e.server, iface: e.interface } });
                  const answer = await r.json();
                  tk.log("answered", r.status, r.ok, answer.id);
                }
                """);
        up();
        assertTrue(logged("INFO [hooks] notify.mjs: answered 201 true 7"), log.lines().toString());
        assertEquals(1, pub.requests.size());
        HookReceiverServer.Request r = pub.requests.get(0);
        assertEquals("POST", r.method());
        assertEquals("/up?x=1", r.path());
        assertTrue(r.hasHeader("Authorization: Bearer s3cr3t-token-value"), r.headers().toString());
        assertTrue(r.hasHeader("Content-Type: application/json"), r.headers().toString());
        assertTrue(r.hasHeader("Host: hooks.example:8080"), r.headers().toString());
        assertEquals("{\"event\":\"up\",\"server\":\"se-1\",\"iface\":\"tun0\"}", r.body());
        assertTrue(metrics.scrape().contains("tunnelkeeper_hook_fetches_total{outcome=\"ok\"} 1.0"), metrics.scrape());
        assertTrue(metrics.scrape().contains("tunnelkeeper_hook_calls_total{hook=\"onTunnelUp\",outcome=\"ok\"} 1.0"),
                metrics.scrape());
    }

    @Test
    void aNotificationThatThrowsAfterAnAwaitIsCountedAsAnErrorOfItsHook() {
        pub.answer("200 OK", "", "{}");
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  await tk.fetch("http://hooks.example:8080/up");
                  throw new Error("the receiver said no");
                }
                """);
        up();
        assertTrue(logged("onTunnelUp: threw Error: the receiver said no (after an await)"), log.lines().toString());
        String scrape = metrics.scrape();
        assertTrue(scrape.contains("tunnelkeeper_hook_calls_total{hook=\"onTunnelUp\",outcome=\"ok\"} 1.0"), scrape);
        assertTrue(scrape.contains("tunnelkeeper_hook_errors_total{hook=\"onTunnelUp\"} 1.0"), scrape);
    }

    @Test
    void refusalsSayWhyAndWhichSettingWouldAllowItAndNothingIsSent() {
        start("""
                export const apiVersion = 2;
                const tries = ["http://other.example:8080/", "http://hooks.example:9090/", "http://127.0.0.1:8000/v1/vpn/status",
                  "http://169.254.169.254/latest/meta-data/", "http://rebind.example:8080/", "http://metadata.example/",
                  "ftp://hooks.example:8080/"];
                export async function onTunnelUp(e) {
                  for (const url of tries.slice(0, 4)) {
                    try { await tk.fetch(url); tk.log("SENT", url); } catch (err) { tk.log("refused:", err.message); }
                  }
                }
                export async function onTunnelDown(e) {
                  for (const url of tries.slice(4)) {
                    try { await tk.fetch(url); tk.log("SENT", url); } catch (err) { tk.log("refused:", err.message); }
                  }
                }
                """);
        up();
        assertTrue(logged("refused: tk.fetch refused GET http://other.example:8080/: other.example:8080 is not in "
                + "HOOK_FETCH_ALLOW (hooks.example:8080,192.168.7.0/24:8080,rebind.example:8080,metadata.example:80,"
                + "router.example:8080); adding other.example:8080 to HOOK_FETCH_ALLOW would allow it"), log.lines().toString());
        assertTrue(logged("refused: tk.fetch refused GET http://hooks.example:9090/: hooks.example:9090 is not in"),
                log.lines().toString());
        assertTrue(logged("refused: tk.fetch refused GET http://127.0.0.1:8000/v1/vpn/status: 127.0.0.1 is a loopback "
                + "address (this machine): no setting allows it"), log.lines().toString());
        assertTrue(logged("refused: tk.fetch refused GET http://169.254.169.254/latest/meta-data/: 169.254.169.254 is a "
                + "link-local address (169.254.0.0/16, where cloud metadata services answer): no setting allows it"),
                log.lines().toString());
        time.advance(Duration.ofSeconds(1));
        // granted names that resolve to forbidden addresses: refused after the lookup, before any connection
        up(); // the tunnel is up, so the calls by name are not held for it
        down(VpnRequest.stop(Cause.USER, "stopped through the control server"));
        up();
        assertTrue(logged("refused: tk.fetch refused GET http://rebind.example:8080/: rebind.example resolves to "
                + "127.0.0.1, a loopback address (this machine): refused, and no setting allows it"), log.lines().toString());
        assertTrue(logged("refused: tk.fetch refused GET http://metadata.example/: metadata.example resolves to "
                + "169.254.169.254, a link-local address"), log.lines().toString());
        assertTrue(logged("refused: tk.fetch refused GET ftp://hooks.example:8080/: only http and https URLs can be fetched"),
                log.lines().toString());
        // four at each of the three tunnel-ups, the ftp URL, the two names
        assertTrue(Poll.until(HANG, () -> metrics.scrape().contains("tunnelkeeper_hook_fetches_total{outcome=\"refused\"} 15.0")),
                metrics.scrape());
        assertEquals(0, log.count("SENT"), log.lines().toString());
        assertEquals(0, pub.connections() + lan.connections(), "no refused call reached a receiver");
        assertEquals(List.of(), unroutable, "no refused call reached the transport");
    }

    @Test
    void aNameThatResolvesToAPrivateAddressNeedsANetworkGrant() {
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  try { await tk.fetch("http://router.example:8080/"); tk.log("SENT"); } catch (err) { tk.log(err.message); }
                }
                """);
        up();
        // 192.168.7.0/24:8080 is granted: router.example's 192.168.7.1 is allowed and dialled (nobody listens there)
        assertTrue(logged("notify.mjs: tk.fetch GET http://router.example:8080/: router.example:8080: no receiver for "
                + "192.168.7.1:8080 in this test"), log.lines().toString());
        assertEquals(List.of("192.168.7.1:8080"), unroutable);
    }

    @Test
    void decisionHooksAndTheTopLevelHaveNoIoAndAnEventHasAtMostFourCalls() {
        start("""
                export const apiVersion = 2;
                let atTop = "not tried";
                tk.fetch("http://hooks.example:8080/top").catch((e) => { atTop = e.message; });
                export function onHealthCheckFailed(e) {
                  tk.fetch("http://hooks.example:8080/decide").catch((err) => tk.log("decision:", err.message));
                }
                export async function onTunnelUp(e) {
                  tk.log("top:", atTop);
                  const results = [];
                  for (let i = 0; i < 5; i++) {
                    try { await tk.fetch("http://hooks.example:8080/n" + i); results.push("ok"); }
                    catch (err) { results.push(err.message); }
                  }
                  tk.log("calls:", results.join(" | "));
                }
                """);
        host.healPolicy(() -> HookTesting.running("se-1", time.now())).decide(HookTesting.failedCheck(time.now(), 1));
        assertTrue(logged("decision: tk.fetch is for notification hooks"), log.lines().toString());
        up();
        assertTrue(logged("top: tk.fetch is for notification hooks"), log.lines().toString());
        assertTrue(logged("calls: ok | ok | ok | ok | tk.fetch refused: at most 4 calls per event (onTunnelUp)"),
                log.lines().toString());
        assertEquals(List.of("/n0", "/n1", "/n2", "/n3"), pub.requests.stream().map(HookReceiverServer.Request::path).toList());
    }

    @Test
    void aReceiverThatNeverAnswersEndsInATimeoutAndRedirectsAreNotFollowed() {
        lan.answer("302 Found", "Location: http://hooks.example:8080/elsewhere\r\n", "");
        pub.hang();
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  const r = await tk.fetch("http://192.168.7.10:8080/moved");
                  tk.log("redirect:", r.status, r.headers.location);
                  try { await tk.fetch("http://hooks.example:8080/hang", { timeoutMs: 1000 }); }
                  catch (err) { tk.log("hang:", err.message); }
                }
                """);
        up();
        assertTrue(logged("redirect: 302 http://hooks.example:8080/elsewhere"), log.lines().toString());
        assertTrue(logged("hang: tk.fetch GET http://hooks.example:8080/hang: no answer from hooks.example:8080 within "
                + "1000ms (timeoutMs)"), log.lines().toString());
        assertEquals(1, lan.requests.size(), "the redirect was not followed");
        assertTrue(metrics.scrape().contains("tunnelkeeper_hook_fetches_total{outcome=\"timeout\"} 1.0"), metrics.scrape());
    }

    @Test
    void aChunkedAnswerIsReadWholeAndHeaderNamesAreLowerCase() {
        pub.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Thing: a\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  const r = await tk.fetch("http://hooks.example:8080/chunked");
                  tk.log("chunked:", await r.text(), r.headers["x-thing"]);
                }
                """);
        up();
        assertTrue(logged("chunked: hello, world a"), log.lines().toString());
    }

    @Test
    void aLargeAnswerIsCutAt64KiB() {
        pub.answer("200 OK", "", "x".repeat(200_000));
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  const r = await tk.fetch("http://hooks.example:8080/big");
                  tk.log("big:", (await r.text()).length, r.truncated);
                }
                """);
        up();
        assertTrue(logged("big: 65536 true"), log.lines().toString());
    }

    @Test
    void whileTheTunnelIsDownACallThroughItWaitsForTheNextUpAndALanCallGoesAtOnce() {
        start("""
                export const apiVersion = 2;
                export async function onTunnelDown(e) {
                  const body = { event: "down", at: e.now, cause: e.cause };
                  tk.fetch("http://192.168.7.10:8080/down", { method: "POST", body })
                    .then((r) => tk.log("lan told", r.status));
                  tk.fetch("http://hooks.example:8080/down", { method: "POST", body })
                    .then((r) => tk.log("public told", r.status));
                }
                """);
        up();
        time.advance(Duration.ofSeconds(30));
        down(VpnRequest.restart(Cause.HEALER, "unhealthy for 6s: dial tcp 10.0.0.1:443: i/o timeout"));
        assertTrue(logged("INFO [hooks] notify.mjs: lan told 200"), log.lines().toString());
        assertEquals(0, pub.connections(), "the public receiver waits for the tunnel");
        assertEquals("{\"event\":\"down\",\"at\":" + time.now().toEpochMilli() + ",\"cause\":\"heal-window\"}",
                lan.requests.get(0).body());
        time.advance(Duration.ofSeconds(10));
        up();
        assertTrue(logged("INFO [hooks] notify.mjs: public told 200"), log.lines().toString());
        assertEquals(lan.requests.get(0).body(), pub.requests.get(0).body(), "with the time of the event");
    }

    @Test
    void secretsAreMaskedInLogsAndErrors() {
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  tk.log("the token is", tk.secret("TOKEN"));
                  await tk.fetch("http://other.example:8080/bot" + tk.secret("TOKEN") + "/send");
                }
                export function onHealthCheckFailed(e) {
                  throw new Error("boom " + tk.secret("TOKEN"));
                }
                """);
        up();
        assertTrue(logged("notify.mjs: the token is [HOOK_SECRET_TOKEN]"), log.lines().toString());
        assertTrue(logged("tk.fetch refused GET http://other.example:8080/bot[HOOK_SECRET_TOKEN]/send"), log.lines().toString());
        assertTrue(logged("onTunnelUp: threw Error: tk.fetch refused GET http://other.example:8080/bot[HOOK_SECRET_TOKEN]/send"),
                log.lines().toString());
        host.healPolicy(() -> HookTesting.running("se-1", time.now())).decide(HookTesting.failedCheck(time.now(), 1));
        assertTrue(logged("onHealthCheckFailed: threw Error: boom [HOOK_SECRET_TOKEN]"), log.lines().toString());
        assertFalse(String.join("\n", log.lines()).contains("s3cr3t-token-value"), log.lines().toString());
        assertFalse(host.status().toString().contains("s3cr3t-token-value"), host.status().toString());
        assertTrue(host.status().toString().contains("[HOOK_SECRET_TOKEN]"), host.status().toString());
    }

    @Test
    void aLoopAfterAnAwaitIsStoppedAndTheFilesDecisionsAnswerWhileItsCallsHang() {
        pub.hang();
        lan.answer("200 OK", "", "ok");
        start("""
                export const apiVersion = 2;
                export async function onTunnelUp(e) {
                  const pending = tk.fetch("http://hooks.example:8080/hang", { timeoutMs: 30000 });
                  await tk.fetch("http://192.168.7.10:8080/then-loop");
                  while (true) {}
                }
                export function onHealthCheckFailed(e) { return { action: "wait", reason: "decided while a call hangs" }; }
                """);
        up();
        // stopped by the watchdog or, first under this generous call limit, by the statement limit behind it
        assertTrue(logged("WARN [hooks] notify.mjs:5: onTunnelUp: "), log.lines().toString());
        assertTrue(log.lines().stream().anyMatch(l -> l.contains("notify.mjs:5: onTunnelUp: ") && l.contains("stopped")),
                log.lines().toString());
        assertTrue(Poll.until(HANG, () -> pub.requests.size() == 1), "the hanging call was sent");
        host.scanNow(); // a module stopped by the statement limit is loaded again
        var decision = host.healPolicy(() -> HookTesting.running("se-1", time.now()))
                .decide(HookTesting.failedCheck(time.now(), 1));
        assertEquals("decided while a call hangs", decision.reason(), decision.toString());
    }

    @Test
    void aFileThatFailsToLoadWithASecretInItsErrorShowsTheNameOnly() {
        start("export const apiVersion = 2;\nexport function onTunnelUp(e) {}\n");
        HookTesting.write(dir, "zz-broken.mjs", "export const apiVersion = 2;\nthrow new Error('key ' + tk.secret('TOKEN'));\n");
        host.scanNow();
        String shown = host.status().toString();
        assertTrue(shown.contains("zz-broken.mjs:2: threw Error: key [HOOK_SECRET_TOKEN]"), shown);
        assertFalse(shown.contains("s3cr3t-token-value"), shown);
        assertFalse(String.join("\n", log.lines()).contains("s3cr3t-token-value"), log.lines().toString());
    }

    @Test
    void aVersionOneFileHasNoFetchAndItsNewHooksAreNotCalled() {
        start("""
                export const apiVersion = 1;
                export function onHealthy(e) { tk.log("v1:", typeof tk.fetch, typeof tk.secret); }
                export function onTunnelUp(e) { tk.log("CALLED"); }
                """);
        up();
        notifications.onCheckResult(dev.tunnelkeeper.health.CheckResult.success(time.now(), Duration.ofMillis(5),
                Duration.ofSeconds(3)));
        assertTrue(logged("notify.mjs: v1: undefined undefined"), log.lines().toString());
        assertEquals(0, log.count("CALLED"));
        assertEquals(List.of("onHealthy"), host.status().get(0).exports());
    }
}
