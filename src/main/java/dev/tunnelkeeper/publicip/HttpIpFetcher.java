package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Asks PUBLICIP_API_URL with java.net.http (off the health check's path, so its start-up cost does not matter).
 * Each attempt has a timeout; retries are the caller's.
 */
public final class HttpIpFetcher implements IpFetcher, AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI url;
    private final Secret token;
    private final Duration timeout;

    public HttpIpFetcher(URI url, Secret token, Duration timeout) {
        this.url = url;
        this.token = token;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
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
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenApply(this::read);
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
    public void close() {
        client.close();
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
