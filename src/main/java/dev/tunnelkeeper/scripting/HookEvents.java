package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.heal.HealEvent;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnStatus;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The hook API's data, built from the supervisor's records: the one place that fixes the shape scripts see (and
 * {@code scripts/tunnelkeeper.d.ts} documents). Times are ms since the epoch, durations ms, absent values null.
 */
final class HookEvents {
    // Json.createValue looks the provider up on every call: keep one.
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonBuilderFactory JSON = PROVIDER.createBuilderFactory(Map.of());

    private HookEvents() {
    }

    /** onHealthCheckFailed's event. */
    static JsonObject healthCheckFailed(HealEvent e, VpnStatus vpn) {
        return JSON.createObjectBuilder()
                .add("trigger", e.trigger().id())
                .add("now", e.at().toEpochMilli())
                .add("error", text(e.lastError()))
                .add("errorKind", text(e.lastErrorKind().map(k -> k.id())))
                .add("consecutiveFailures", e.consecutiveFailures())
                .add("unhealthyForMs", e.unhealthyFor().toMillis())
                .add("windowMs", e.window().toMillis())
                .add("windowElapsedMs", e.windowElapsed().toMillis())
                .add("restarts", e.restarts())
                .add("lastRestartAt", time(e.lastRestart()))
                .add("server", serverName(vpn))
                .add("vpnState", vpn.state().id())
                .build();
    }

    /** selectServer's second argument. */
    static JsonObject selection(Instant now, Optional<Server> previous, Duration cooldown) {
        return JSON.createObjectBuilder()
                .add("now", now.toEpochMilli())
                .add("previous", text(previous.map(Server::name)))
                .add("cooldownMs", cooldown.toMillis())
                .build();
    }

    /** onHealthCheckSucceeded's event. */
    static JsonObject healthCheckSucceeded(Instant now, VpnStatus vpn, Duration healthyFor, JsonArray candidates) {
        return JSON.createObjectBuilder()
                .add("now", now.toEpochMilli())
                .add("server", serverName(vpn))
                .add("healthyForMs", healthyFor.toMillis())
                .add("connectedForMs", vpn.state() == dev.tunnelkeeper.vpn.VpnState.RUNNING
                        ? PROVIDER.createValue(Math.max(0, Duration.between(vpn.since(), now).toMillis())) : JsonValue.NULL)
                .add("vpnState", vpn.state().id())
                .add("candidates", candidates)
                .build();
    }

    /** onHealthy's event. */
    static JsonObject healthy(Instant now, VpnStatus vpn, Duration unhealthyFor) {
        return JSON.createObjectBuilder()
                .add("now", now.toEpochMilli())
                .add("server", serverName(vpn))
                .add("unhealthyForMs", unhealthyFor.toMillis())
                .add("vpnState", vpn.state().id())
                .build();
    }

    /** onRestart's event. */
    static JsonObject restart(VpnEvent e, Optional<String> previousServer) {
        return JSON.createObjectBuilder()
                .add("now", e.time().toEpochMilli())
                .add("reason", e.reason())
                .add("from", e.from().id())
                .add("server", text(e.connection().map(Connection::serverName)))
                .add("previous", text(previousServer))
                .build();
    }

    /** onTunnelUp's event (API version 2). */
    static JsonObject tunnelUp(VpnEvent e, String iface, List<String> addresses, Optional<String> publicIp,
                               Duration connect, Optional<Duration> downFor) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        addresses.forEach(list::add);
        return JSON.createObjectBuilder()
                .add("now", e.time().toEpochMilli())
                .add("server", text(e.connection().map(Connection::serverName)))
                .add("interface", iface)
                .add("addresses", list)
                .add("publicIp", text(publicIp))
                .add("connectMs", connect.toMillis())
                .add("downForMs", duration(downFor))
                .build();
    }

    /** onTunnelDown's event (API version 2). */
    static JsonObject tunnelDown(VpnEvent e, String cause, Optional<String> lastError, Optional<Duration> upFor) {
        return JSON.createObjectBuilder()
                .add("now", e.time().toEpochMilli())
                .add("server", text(e.connection().map(Connection::serverName)))
                .add("cause", cause)
                .add("reason", e.reason())
                .add("lastError", text(lastError))
                .add("upForMs", duration(upFor))
                .add("vpnState", e.to().id())
                .build();
    }

    /** onPublicIpChanged's event (API version 2). */
    static JsonObject publicIpChanged(Instant now, dev.tunnelkeeper.publicip.PublicIp ip, Optional<String> previous,
                                      VpnStatus vpn) {
        return JSON.createObjectBuilder()
                .add("now", now.toEpochMilli())
                .add("ip", ip.ip())
                .add("previous", text(previous))
                .add("country", ip.country())
                .add("region", ip.region())
                .add("city", ip.city())
                .add("server", serverName(vpn))
                .build();
    }

    static JsonObject portForwarded(Instant now, List<Integer> ports, List<Integer> previous, Optional<String> server) {
        JsonArrayBuilder now_ = JSON.createArrayBuilder();
        ports.forEach(now_::add);
        JsonArrayBuilder before = JSON.createArrayBuilder();
        previous.forEach(before::add);
        return JSON.createObjectBuilder()
                .add("now", now.toEpochMilli())
                .add("ports", now_)
                .add("previous", before)
                .add("server", text(server))
                .build();
    }

    /** @param elapsed the time source's monotonic reading now: whether each candidate is cooling down */
    static JsonArray candidates(List<Candidate> candidates, Duration elapsed, Duration cooldown) {
        JsonArrayBuilder out = JSON.createArrayBuilder();
        candidates.forEach(c -> out.add(candidate(c, elapsed, cooldown)));
        return out.build();
    }

    static JsonObject candidate(Candidate c, Duration elapsed, Duration cooldown) {
        Server s = c.server();
        JsonArrayBuilder ips = JSON.createArrayBuilder();
        s.ips().forEach(ips::add);
        return JSON.createObjectBuilder()
                .add("name", s.name())
                .add("index", s.index())
                .add("vpn", s.vpn().name().toLowerCase(java.util.Locale.ROOT))
                .add("country", s.country())
                .add("region", s.region())
                .add("city", s.city())
                .add("hostname", s.hostname())
                .add("ips", ips)
                .add("coolingDown", c.history().failedWithin(cooldown, elapsed))
                .add("history", history(c.history()))
                .build();
    }

    static JsonObject history(History h) {
        JsonArrayBuilder failures = JSON.createArrayBuilder();
        h.recentFailures().forEach(f -> failures.add(JSON.createObjectBuilder()
                .add("at", f.at().toEpochMilli())
                .add("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT))
                .add("ip", f.ip())
                .add("reason", f.reason())));
        return JSON.createObjectBuilder()
                .add("timesChosen", h.timesChosen())
                .add("lastChosenAt", time(h.lastChosen()))
                .add("connectFailures", h.connectFailures())
                .add("losses", h.losses())
                .add("lastConnectedAt", time(h.lastConnected()))
                .add("lastHealthyAt", time(h.lastHealthy()))
                .add("lastFailureAt", time(h.lastFailure().map(History.Failure::at)))
                .add("recentFailures", failures)
                .build();
    }

    /** The arguments of one call, as the JSON array the trampoline spreads. */
    static String args(JsonValue... args) {
        JsonArrayBuilder out = JSON.createArrayBuilder();
        for (JsonValue a : args) {
            out.add(a);
        }
        return out.build().toString();
    }

    private static JsonValue serverName(VpnStatus vpn) {
        return text(vpn.connection().map(Connection::serverName));
    }

    private static JsonValue text(Optional<String> value) {
        return value.<JsonValue>map(PROVIDER::createValue).orElse(JsonValue.NULL);
    }

    private static JsonValue duration(Optional<Duration> value) {
        return value.<JsonValue>map(d -> PROVIDER.createValue(Math.max(0, d.toMillis()))).orElse(JsonValue.NULL);
    }

    private static JsonValue time(Optional<Instant> value) {
        return value.<JsonValue>map(i -> PROVIDER.createValue(i.toEpochMilli())).orElse(JsonValue.NULL);
    }
}
