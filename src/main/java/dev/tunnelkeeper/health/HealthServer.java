package dev.tunnelkeeper.health;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * gluetun's health server, as routing for a Helidon listener: GET on any path answers 200 with an empty body when
 * healthy, 500 text/plain with the error when not; any other method gets 400.
 */
public final class HealthServer {
    private HealthServer() {
    }

    public static void routing(HttpRouting.Builder routing, HealthState state) {
        routing.any((req, res) -> answer(req, res, state));
    }

    private static void answer(ServerRequest req, ServerResponse res, HealthState state) {
        if (!req.prologue().method().equals(Method.GET)) {
            res.status(Status.BAD_REQUEST_400)
                    .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send("method not supported for healthcheck");
            return;
        }
        HealthState.Status status = state.status();
        if (status.healthy()) {
            res.status(Status.OK_200).send();
        } else {
            res.status(Status.INTERNAL_SERVER_ERROR_500)
                    .header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                    .send(status.error().orElseThrow());
        }
    }
}
