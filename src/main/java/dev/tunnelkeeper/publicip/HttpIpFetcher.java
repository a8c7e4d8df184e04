package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Asks PUBLICIP_API_URL with java.net.http, off the health check's path. The client is made at the first lookup, not
 * with this object: making one sets up TLS (the trust store's certificates are parsed), ~0.3 s in the image, which
 * would otherwise delay the health server at start. Each attempt has a timeout; retries are the caller's.
 */
public final class HttpIpFetcher implements IpFetcher, AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private HttpClient client; // guarded by this; made at the first fetch
    private boolean closed; // guarded by this
    private final URI url;
    private final Secret token;
    private final Duration timeout;

    public HttpIpFetcher(URI url, Secret token, Duration timeout) {
        this.url = url;
        this.token = token;
        this.timeout = timeout;
    }

    /** The client, made now if this is the first lookup; empty once closed. */
    private synchronized Optional<HttpClient> client() {
        if (closed) {
            return Optional.empty();
        }
        if (client == null) {
            client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return Optional.of(client);
    }

    /** True once a lookup has made the HTTP client (for the test that start-up does not). */
    synchronized boolean clientMade() {
        return client != null;
    }

    @Override
    public CompletableFuture<PublicIp> fetch() {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .header("User-Agent", "tunnelkeeper")
                .GET();
        if (token.isSet()) {
            request.header("Authorization", "Bearer " + token.value());
        }
        return client().map(c -> c.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(this::read))
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("closed")));
    }

    private PublicIp read(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered HTTP " + response.statusCode());
        }
        try {
            return PublicIpParser.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(url + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            client.close();
        }
    }

    /** For messages: what went wrong, without the JDK's wrapper exceptions. */
    static String describe(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        if (cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time" + (message == null ? "" : " (" + message + ")");
        }
        if (cause instanceof IOException && (message == null || message.isBlank())) {
            return cause.getClass().getSimpleName();
        }
        return message == null ? cause.toString() : message;
    }
}
