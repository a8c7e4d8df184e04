package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps qBittorrent's listen port on the forwarded port through its WebUI API (v2): log in, set {@code listen_port},
 * read the preferences back and check it. qBittorrent keeps its listening socket bound to a tunnel interface that was
 * recreated (gluetun #1407), and setting the same port again does not re-bind it, so when the port is already the
 * wanted one, another port is set first and then the wanted one. Attempts that fail (qBittorrent not up yet, a
 * refused login) are retried after 1 s, 2 s, 4 s, ... up to {@link #ATTEMPTS} times, unless a newer port arrived.
 * The password is sent only in the login form and never logged.
 */
public final class QBittorrentSync implements PortForwardListener, AutoCloseable {
    private static final Log LOG = Log.of("qbittorrent");
    public static final int ATTEMPTS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern LISTEN_PORT = Pattern.compile("\"listen_port\"\\s*:\\s*(\\d+)");

    /** Waits between attempts; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final URI base;
    private final String user;
    private final Secret password;
    private final Sleeper sleeper;
    private final HttpClient client;
    private volatile long latest;

    public QBittorrentSync(URI base, String user, Secret password, Sleeper sleeper) {
        this.base = URI.create(base.toString().endsWith("/") ? base.toString() : base + "/");
        this.user = user;
        this.password = password;
        this.sleeper = sleeper;
        // its own cookie jar: the SID cookie of the login goes with the calls after it
        this.client = HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new java.net.CookieManager()).build();
    }

    @Override
    public void portForwarded(PortForwardEvent event) {
        long mine = ++latest;
        if (event.ports().isEmpty()) {
            return; // nothing to set; the next tunnel's port will be
        }
        int port = event.ports().getFirst();
        Duration wait = Duration.ofSeconds(1);
        for (int attempt = 1; attempt <= ATTEMPTS && mine == latest; attempt++) {
            try {
                sync(port);
                LOG.info("listen port set to " + port + " and read back");
                return;
            } catch (IOException e) {
                LOG.warn("setting the listen port to " + port + " failed (attempt " + attempt + " of " + ATTEMPTS + "): "
                        + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wait = wait.multipliedBy(2);
        }
    }

    void sync(int port) throws IOException, InterruptedException {
        login();
        if (listenPort() == port) {
            setListenPort(port == 65535 ? port - 1 : port + 1); // re-binds a socket left on a dead tunnel
        }
        setListenPort(port);
        int now = listenPort();
        if (now != port) {
            throw new IOException("qBittorrent reports listen port " + now + " after it was set to " + port);
        }
    }

    private void login() throws IOException, InterruptedException {
        String form = "username=" + enc(user) + "&password=" + enc(password.value());
        HttpResponse<String> r = send(post("api/v2/auth/login", form));
        if (r.statusCode() != 200 || !r.body().strip().equals("Ok.")) {
            throw new IOException("login as " + user + " refused (HTTP " + r.statusCode() + " " + brief(r.body())
                    + "); check VPN_PORT_FORWARDING_QBITTORRENT_USER and _PASSWORD");
        }
    }

    private void setListenPort(int port) throws IOException, InterruptedException {
        HttpResponse<String> r = send(post("api/v2/app/setPreferences", "json=" + enc("{\"listen_port\":" + port + "}")));
        if (r.statusCode() != 200) {
            throw new IOException("setPreferences answered HTTP " + r.statusCode() + " " + brief(r.body()));
        }
    }

    private int listenPort() throws IOException, InterruptedException {
        HttpResponse<String> r = send(HttpRequest.newBuilder(base.resolve("api/v2/app/preferences")).timeout(TIMEOUT)
                .header("Referer", base.toString()).GET().build());
        if (r.statusCode() != 200) {
            throw new IOException("preferences answered HTTP " + r.statusCode() + " " + brief(r.body()));
        }
        return parseListenPort(r.body()).orElseThrow(() -> new IOException("no listen_port in the preferences"));
    }

    static Optional<Integer> parseListenPort(String json) {
        Matcher m = LISTEN_PORT.matcher(json);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    private HttpRequest post(String path, String form) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Referer", base.toString()) // its CSRF check wants the WebUI's own origin
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException(base + " refused the connection (is qBittorrent's WebUI up?)");
        } catch (java.net.http.HttpTimeoutException e) {
            throw new IOException(base + " did not answer within " + TIMEOUT.toSeconds() + "s");
        }
    }

    private static String brief(String body) {
        String b = body.strip();
        return b.length() > 80 ? b.substring(0, 80) + "..." : b;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
    }
}
