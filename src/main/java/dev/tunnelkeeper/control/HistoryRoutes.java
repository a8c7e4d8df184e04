package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.ErrorKind;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** Ours: {@code GET /v1/health/history}: the recent checks, restarts and VPN state changes, oldest first. */
final class HistoryRoutes {
    private HistoryRoutes() {
    }

    static void register(HttpRouting.Builder routing, HealthHistory history) {
        routing.get("/v1/health/history", (req, res) -> {
            HealthHistory.Snapshot s = history.snapshot();
            JsonArrayBuilder checks = Json.createArrayBuilder();
            s.checks().forEach(c -> checks.add(check(c)));
            JsonArrayBuilder restarts = Json.createArrayBuilder();
            s.restarts().forEach(r -> restarts.add(JsonFields.text(Json.createObjectBuilder()
                    .add("at", r.at().toString()).add("cause", r.cause().id()).add("reason", r.reason()), "hook", r.hook())));
            JsonArrayBuilder changes = Json.createArrayBuilder();
            s.changes().forEach(c -> changes.add(JsonFields.text(Json.createObjectBuilder()
                    .add("at", c.at().toString()).add("from", c.from().id()).add("to", c.to().id())
                    .add("reason", c.reason()), "server", c.server())));
            JsonAnswer.ok(res, Json.createObjectBuilder()
                    .add("checks", checks).add("restarts", restarts).add("vpn", changes).build());
        });
    }

    private static JsonObjectBuilder check(HealthHistory.Check c) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("at", c.at().toString())
                .add("healthy", c.healthy())
                .add("took_ms", c.took().toMillis());
        JsonFields.text(b, "error", c.error());
        return JsonFields.text(b, "kind", c.kind().map(ErrorKind::id));
    }
}
