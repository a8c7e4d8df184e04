package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tunnelkeeper.config.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync against a loopback stand-in for qBittorrent's WebUI API v2 (the real one runs in PortForwardLabTest):
 * what is sent, in what order, and what happens when qBittorrent is not ready or refuses.
 */
class QBittorrentSyncTest {
    private HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private volatile int listenPort = 6881;
    private volatile int failLogins;
    private volatile boolean ignoreSet;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v2/auth/login", ex -> {
            String form = body(ex);
            calls.add("login " + form);
            boolean ok = form.equals("username=admin&password=p%40ss+word") && failLogins-- <= 0;
            if (ok) {
                ex.getResponseHeaders().add("Set-Cookie", "SID=abc; HttpOnly; path=/");
            }
            send(ex, 200, ok ? "Ok." : "Fails.");
        });
        server.createContext("/api/v2/app/setPreferences", ex -> {
            String form = URLDecoder.decode(body(ex), StandardCharsets.UTF_8);
            calls.add("set " + form + " " + sid(ex));
            if (!ignoreSet) {
                listenPort = Integer.parseInt(form.replaceAll("\\D", ""));
            }
            send(ex, 200, "");
        });
        server.createContext("/api/v2/app/preferences", ex -> {
            calls.add("get " + sid(ex));
            send(ex, 200, "{\"dht\":false,\"listen_port\":" + listenPort + ",\"upnp\":false}");
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static String body(HttpExchange ex) throws IOException {
        return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String sid(HttpExchange ex) {
        return Optional.ofNullable(ex.getRequestHeaders().getFirst("Cookie")).orElse("no cookie");
    }

    private static void send(HttpExchange ex, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
        if (b.length > 0) {
            ex.getResponseBody().write(b);
        }
        ex.close();
    }

    private QBittorrentSync sync(String password) {
        return new QBittorrentSync(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "admin",
                new Secret(password), sleeps::add);
    }

    private static PortForwardEvent port(int p) {
        return new PortForwardEvent(List.of(p), List.of(), Optional.of("s1"), "tun0");
    }

    @Test
    void logsInSetsTheListenPortWithItsCookieAndReadsItBack() {
        try (QBittorrentSync sync = sync("p@ss word")) {
            sync.portForwarded(port(40000));
        }
        assertEquals(List.of("login username=admin&password=p%40ss+word", "get SID=abc", "set json={\"listen_port\":40000} SID=abc",
                "get SID=abc"), calls);
        assertEquals(40000, listenPort);
    }

    @Test
    void theSamePortAgainIsReboundThroughAnotherOneFirst() {
        // gluetun #1407: after a tunnel restart qBittorrent's socket is on the dead interface; the same port does nothing
        listenPort = 40000;
        try (QBittorrentSync sync = sync("p@ss word")) {
            sync.portForwarded(port(40000));
        }
        assertEquals(List.of("set json={\"listen_port\":40001} SID=abc", "set json={\"listen_port\":40000} SID=abc"),
                calls.stream().filter(c -> c.startsWith("set")).toList());
        assertEquals(40000, listenPort);
    }

    @Test
    void aRefusedLoginIsRetriedWithTheBackoffAndTheSyncSucceedsWhenItIsAccepted() {
        failLogins = 2;
        try (QBittorrentSync sync = sync("p@ss word")) {
            sync.portForwarded(port(40000));
        }
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
        assertEquals(40000, listenPort);
    }

    @Test
    void aPortThatDoesNotTakeIsReportedAndTriedAgainAFewTimesThenGivenUp() {
        ignoreSet = true;
        try (QBittorrentSync sync = sync("p@ss word")) {
            sync.portForwarded(port(40000));
        }
        assertEquals(QBittorrentSync.ATTEMPTS, sleeps.size());
        assertEquals(6881, listenPort);
    }

    @Test
    void aRefusedLoginTouchesNoSettingAndIsRetriedAFewTimes() {
        try (QBittorrentSync sync = sync("wrong")) {
            sync.portForwarded(port(40000));
        }
        assertTrue(calls.stream().allMatch(c -> c.startsWith("login")), "nothing but logins: " + calls);
        assertEquals(QBittorrentSync.ATTEMPTS, calls.size());
    }

    @Test
    void qBittorrentNotListeningIsRetriedNotThrown() {
        server.stop(0);
        try (QBittorrentSync sync = sync("p@ss word")) {
            sync.portForwarded(port(40000));
        }
        assertEquals(QBittorrentSync.ATTEMPTS, sleeps.size());
    }
}
