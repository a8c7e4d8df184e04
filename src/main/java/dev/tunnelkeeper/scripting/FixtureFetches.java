package dev.tunnelkeeper.scripting;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * test-hook's tk.fetch: the grants are checked as in the product (the fixture's {@code fetchAllow}, else
 * HOOK_FETCH_ALLOW), nothing leaves the machine: each call that would be sent is recorded and answered from the
 * fixture's {@code responses} (the first whose {@code url} starts the call's URL and whose {@code method}, if given,
 * matches; else 200 with an empty body). A response may say {@code "timeout": true} or {@code "error": "..."}.
 * Names resolve to the fixture's {@code resolve} map, else to 203.0.113.10 (a documentation address). The calls
 * run when the runner drains them, after each step's call, so a step sees every call its hook made, and the tunnel
 * follows the steps (down after onTunnelDown, up again at onTunnelUp) for the calls that wait for it.
 */
final class FixtureFetches implements FetchExchange.Transport {
    private static final JsonProvider JSON = JsonProvider.provider();

    /** One call that reached the wire (here: the record). */
    record Call(String method, String url, Map<String, String> headers, Optional<String> body, String address) {
        JsonObject json() {
            JsonObjectBuilder h = JSON.createObjectBuilder();
            headers.forEach(h::add);
            JsonObjectBuilder b = JSON.createObjectBuilder().add("method", method).add("url", url).add("headers", h)
                    .add("address", address);
            body.ifPresentOrElse(v -> b.add("body", v), () -> b.addNull("body"));
            return b.build();
        }
    }

    private final List<JsonObject> responses;
    private final Deque<Runnable> queue = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();
    private final HookFetcher fetcher;
    private boolean tunnelUp = true;

    /**
     * @param fixture    the fixture's top level ({@code fetchAllow}, {@code lan}, {@code responses}, {@code resolve})
     * @param fetchAllow the grants when the fixture names none (HOOK_FETCH_ALLOW)
     * @param dryRun     check-scripts: grant every call (nothing is sent anyway)
     */
    FixtureFetches(JsonObject fixture, List<String> fetchAllow, boolean dryRun) {
        this.responses = objects(fixture.get("responses"));
        List<String> grants = strings(fixture.get("fetchAllow")).orElse(fetchAllow);
        List<String> lan = strings(fixture.get("lan")).orElse(List.of());
        Map<String, JsonValue> resolve = fixture.get("resolve") instanceof JsonObject r ? r : Map.of();
        FetchPolicy policy = dryRun ? FetchPolicy.dryRun() : new FetchPolicy(grants, lan);
        FetchExchange.Resolver resolver = host -> {
            JsonValue v = resolve.get(host);
            String ip = v instanceof JsonString s ? s.getString() : "203.0.113.10";
            return new InetAddress[]{InetAddress.getByAddress(host, InetAddress.getByName(ip).getAddress())};
        };
        this.fetcher = new HookFetcher(policy, this, resolver, queue::addLast, () -> tunnelUp);
    }

    HookFetcher fetcher() {
        return fetcher;
    }

    /** The fixture's tunnel went up or down; up lets the calls that waited go (at the next drain). */
    void tunnel(boolean up) {
        tunnelUp = up;
        if (up) {
            fetcher.tunnelUp();
        }
    }

    /** Runs the calls made so far, and those their answers lead to; returns the calls sent meanwhile. */
    List<Call> drain() {
        int from = calls.size();
        for (int guard = 0; !queue.isEmpty() && guard < 1000; guard++) {
            queue.removeFirst().run();
        }
        return List.copyOf(calls.subList(from, calls.size()));
    }

    @Override
    public FetchExchange.Response send(FetchExchange.Request request, InetAddress address, int port)
            throws java.io.IOException {
        String url = request.uri().toString();
        calls.add(new Call(request.method(), url, request.headers(), request.body(), address.getHostAddress()));
        for (JsonObject r : responses) {
            boolean urlMatches = url.startsWith(r.getString("url", ""));
            boolean methodMatches = !(r.get("method") instanceof JsonString m)
                    || m.getString().equalsIgnoreCase(request.method());
            if (urlMatches && methodMatches) {
                if (r.getBoolean("timeout", false)) {
                    throw new SocketTimeoutException("timed out");
                }
                if (r.get("error") instanceof JsonString e) {
                    throw new java.io.IOException(e.getString());
                }
                int status = r.get("status") instanceof JsonNumber n ? n.intValue() : 200;
                String body = r.get("body") instanceof JsonString b ? b.getString()
                        : r.containsKey("body") ? r.get("body").toString() : "";
                return new FetchExchange.Response(status, Map.of(), body, false);
            }
        }
        return new FetchExchange.Response(200, Map.of(), "", false);
    }

    private static List<JsonObject> objects(JsonValue v) {
        List<JsonObject> out = new ArrayList<>();
        if (v instanceof JsonArray a) {
            a.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).forEach(out::add);
        }
        return out;
    }

    private static Optional<List<String>> strings(JsonValue v) {
        if (!(v instanceof JsonArray a)) {
            return Optional.empty();
        }
        return Optional.of(a.stream().filter(JsonString.class::isInstance).map(s -> ((JsonString) s).getString()).toList());
    }

}
