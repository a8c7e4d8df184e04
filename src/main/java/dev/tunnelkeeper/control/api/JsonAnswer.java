package dev.tunnelkeeper.control.api;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.Json;
import jakarta.json.JsonStructure;

/** Sends JSON-P values as answers; errors are {@code {"error":"..."}} with the reason in words. */
public final class JsonAnswer {
    private JsonAnswer() {
    }

    public static void send(ServerResponse res, Status status, JsonStructure body) {
        res.status(status)
                .header(HeaderNames.CONTENT_TYPE, "application/json")
                .header(HeaderNames.CACHE_CONTROL, "no-store")
                .send(body.toString());
    }

    public static void ok(ServerResponse res, JsonStructure body) {
        send(res, Status.OK_200, body);
    }

    public static void error(ServerResponse res, Status status, String reason) {
        send(res, status, Json.createObjectBuilder().add("error", reason).build());
    }
}
