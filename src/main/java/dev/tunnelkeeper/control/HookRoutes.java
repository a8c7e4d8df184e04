package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.control.api.JsonAnswer;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

/** Ours: {@code GET /v1/hooks} lists the hooks with their errors; {@code POST /v1/hooks/reload} reloads the scripts. */
final class HookRoutes {
    private HookRoutes() {
    }

    static void register(HttpRouting.Builder routing, HooksView hooks) {
        routing.get("/v1/hooks", (req, res) -> {
            JsonArrayBuilder list = Json.createArrayBuilder();
            hooks.list().forEach(h -> list.add(hook(h)));
            JsonAnswer.ok(res, Json.createObjectBuilder().add("hooks", list).build());
        });
        routing.post("/v1/hooks/reload", (req, res) -> {
            HooksView.ReloadOutcome outcome = hooks.reload();
            JsonArrayBuilder loaded = Json.createArrayBuilder();
            outcome.loaded().forEach(loaded::add);
            JsonArrayBuilder failed = Json.createArrayBuilder();
            outcome.failed().forEach(f -> failed.add(Json.createObjectBuilder().add("file", f.file()).add("error", f.error())));
            JsonAnswer.ok(res, Json.createObjectBuilder().add("loaded", loaded).add("failed", failed).build());
        });
    }

    private static JsonObjectBuilder hook(HooksView.HookInfo hook) {
        JsonArrayBuilder exports = Json.createArrayBuilder();
        hook.exports().forEach(exports::add);
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("file", hook.file())
                .add("exports", exports)
                .add("disabled", hook.disabled())
                .add("errors", hook.errors());
        return JsonFields.text(b, "last_error", hook.lastError());
    }
}
