package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.vpn.VpnStatus;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.Set;

/**
 * Ours: {@code GET /v1/servers} (every server with its history), {@code GET /v1/servers/current}, and
 * {@code PUT /v1/servers/current} with {@code {"name":"nl-1"}} to connect to that server now.
 */
final class ServerRoutes {
    private ServerRoutes() {
    }

    static void register(HttpRouting.Builder routing, ServerChoice servers, VpnCommands commands) {
        routing.get("/v1/servers", (req, res) -> all(res, servers, commands));
        routing.get("/v1/servers/current", (req, res) -> JsonAnswer.ok(res, current(commands.status()).build()));
        routing.put("/v1/servers/current", (req, res) -> switchTo(req, res, commands));
    }

    private static void all(ServerResponse res, ServerChoice servers, VpnCommands commands) {
        JsonArrayBuilder list = Json.createArrayBuilder();
        servers.snapshot().forEach(c -> list.add(CandidateJson.of(c)));
        JsonObjectBuilder b = Json.createObjectBuilder();
        JsonFields.text(b, "current", VpnCommands.serverOf(commands.status()));
        JsonAnswer.ok(res, b.add("servers", list).build());
    }

    private static void switchTo(ServerRequest req, ServerResponse res, VpnCommands commands) {
        JsonObject body = JsonBody.object(req, Set.of("name"), "{\"name\":\"nl-1\"}");
        String name = JsonBody.text(body, "name", "the name of one of the servers listed by GET /v1/servers");
        VpnStatus reached = commands.switchTo(name);
        JsonAnswer.ok(res, current(reached).add("outcome", reached.state().id()).build());
    }

    private static JsonObjectBuilder current(VpnStatus status) {
        JsonObjectBuilder b = Json.createObjectBuilder();
        JsonFields.text(b, "name", VpnCommands.serverOf(status));
        JsonFields.text(b, "endpoint", status.connection().map(c -> c.endpoint().toString()));
        return b.add("state", status.state().id())
                .add("since", status.since().toString())
                .add("reason", status.reason());
    }
}
