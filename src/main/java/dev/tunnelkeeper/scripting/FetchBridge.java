package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Value;

/**
 * One module's side of {@code tk.fetch} and {@code tk.secret} (API version 2). A fetch is allowed only while a
 * notification hook of this module runs, or a continuation of one (a Promise it awaited), within that event's
 * budget of {@value #MAX_CALLS_PER_EVENT} calls. The answer comes back into the module's context on the fetch's
 * thread, under the context's lock, with the call's time limit ({@link HookContext#deliver}).
 */
final class FetchBridge {
    static final int MAX_CALLS_PER_EVENT = 4;
    private static final Log LOG = Log.of("hooks");
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    /** The calls left to one event's notification, shared by everything that notification awaits. */
    static final class Budget {
        final HookName hook;
        private final AtomicInteger left = new AtomicInteger(MAX_CALLS_PER_EVENT);

        Budget(HookName hook) {
            this.hook = hook;
        }
    }

    private final String file;
    private final Optional<HookFetcher> fetcher;
    private final HookSecrets secrets;
    private HookContext module; // set once the module loaded
    private Budget current; // only touched under the context's lock

    FetchBridge(String file, Optional<HookFetcher> fetcher, HookSecrets secrets) {
        this.file = file;
        this.fetcher = fetcher;
        this.secrets = secrets;
    }

    void attach(HookContext module) {
        this.module = module;
    }

    HookSecrets secrets() {
        return secrets;
    }

    /** Under the context's lock: the budget of the call now running, or null for a decision hook or the top level. */
    void current(Budget budget) {
        this.current = budget;
    }

    /** {@code tk.secret(name)}: the value, or null when HOOK_SECRET_NAME is not set. */
    String secret(String name) {
        return secrets.value(name).orElse(null);
    }

    /** {@code tk.fetch}'s host side: answers through {@code ok} (the response as JSON) or {@code fail} (a message). */
    void fetch(String requestJson, Value ok, Value fail) {
        Budget budget = current;
        if (budget == null) {
            fail.execute("tk.fetch is for notification hooks (onTunnelUp, onTunnelDown, onPublicIpChanged, onHealthy,"
                    + " onRestart); decision hooks and a module's top level have no IO");
            return;
        }
        if (budget.left.getAndDecrement() <= 0) {
            fail.execute("tk.fetch refused: at most " + MAX_CALLS_PER_EVENT + " calls per event (" + budget.hook.export() + ")");
            return;
        }
        FetchExchange.Request request;
        try {
            request = parse(requestJson);
        } catch (IllegalArgumentException e) {
            fail.execute(secrets.mask("tk.fetch: " + e.getMessage()));
            return;
        }
        if (fetcher.isEmpty()) {
            fail.execute("tk.fetch refused: no calls are allowed here");
            return;
        }
        HookContext target = module;
        fetcher.get().start(request, new HookFetcher.Reply() {
            @Override
            public void answered(FetchExchange.Response r) {
                String json = responseJson(r);
                target.deliver(budget, () -> ok.execute(json));
            }

            @Override
            public void refused(String why) {
                String m = secrets.mask("tk.fetch refused " + request.method() + " " + request.uri() + ": " + why);
                LOG.warn(file + ": " + m);
                target.deliver(budget, () -> fail.execute(m));
            }

            @Override
            public void failed(String message) {
                String m = secrets.mask("tk.fetch " + request.method() + " " + request.uri() + ": " + message);
                LOG.info(file + ": " + m);
                target.deliver(budget, () -> fail.execute(m));
            }
        });
    }

    private static FetchExchange.Request parse(String json) {
        JsonObject o;
        try (JsonReader r = JSON.createReader(new StringReader(json))) {
            o = r.readObject();
        }
        String url = o.getString("url", "");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + url + "\" is not a URL: " + e.getReason());
        }
        String method = o.get("method") instanceof JsonString s ? s.getString().toUpperCase(Locale.ROOT) : "GET";
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("method " + method + " is not one of " + METHODS);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (o.get("headers") instanceof JsonObject h) {
            for (Map.Entry<String, JsonValue> e : h.entrySet()) {
                String name = e.getKey();
                String value = e.getValue() instanceof JsonString s ? s.getString() : e.getValue().toString();
                if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("header \"" + name + "\" is not a valid header");
                }
                if (Set.of("host", "content-length", "connection", "transfer-encoding").contains(name.toLowerCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("header " + name + " is set by the host");
                }
                headers.put(name, value);
            }
        }
        Optional<String> body = o.get("body") instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
        if (o.getBoolean("json", false) && headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("content-type"))) {
            headers.put("Content-Type", "application/json");
        }
        if (body.isPresent() && body.get().length() > FetchExchange.MAX_RESPONSE_BYTES) {
            throw new IllegalArgumentException("a body of " + body.get().length() + " characters (at most "
                    + FetchExchange.MAX_RESPONSE_BYTES + ")");
        }
        Duration timeout = FetchExchange.DEFAULT_TIMEOUT;
        if (o.get("timeoutMs") instanceof JsonNumber n) {
            long ms = n.longValue();
            if (ms < 1 || ms > FetchExchange.MAX_TIMEOUT.toMillis()) {
                throw new IllegalArgumentException("timeoutMs " + ms + " is out of range 1-" + FetchExchange.MAX_TIMEOUT.toMillis());
            }
            timeout = Duration.ofMillis(ms);
        }
        return new FetchExchange.Request(uri, method, headers, body, timeout);
    }

    private static String responseJson(FetchExchange.Response r) {
        JsonObjectBuilder headers = JSON.createObjectBuilder();
        r.headers().forEach(headers::add);
        return JSON.createObjectBuilder().add("status", r.status()).add("headers", headers)
                .add("body", r.body()).add("truncated", r.truncated()).build().toString();
    }
}
