package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.JsonAnswer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.Set;

/**
 * gluetun's VPN routes: {@code GET /v1/vpn/status} answers {@code {"status":"running"}}; {@code PUT} with
 * {@code {"status":"stopped"}} answers {@code {"outcome":"stopped"}}. {@code /v1/openvpn/status} is the same, for
 * clients written against gluetun's older route.
 */
final class VpnRoutes {
    private static final String EXAMPLE = "{\"status\":\"stopped\"}";

    private VpnRoutes() {
    }

    static void register(HttpRouting.Builder routing, VpnCommands commands) {
        for (String path : new String[] {"/v1/vpn/status", "/v1/openvpn/status"}) {
            routing.get(path, (req, res) -> status(res, commands));
            routing.put(path, (req, res) -> apply(req, res, commands));
        }
    }

    private static void status(ServerResponse res, VpnCommands commands) {
        JsonAnswer.ok(res, Json.createObjectBuilder().add("status", commands.status().state().id()).build());
    }

    private static void apply(ServerRequest req, ServerResponse res, VpnCommands commands) {
        JsonObject body = JsonBody.object(req, Set.of("status"), EXAMPLE);
        String wanted = JsonBody.text(body, "status", "running or stopped");
        JsonAnswer.ok(res, Json.createObjectBuilder().add("outcome", commands.apply(wanted)).build());
    }
}
