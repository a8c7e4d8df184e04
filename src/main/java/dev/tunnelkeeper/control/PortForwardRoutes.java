package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.portforward.PortForwardView;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;
import java.util.List;

/**
 * gluetun's {@code GET /v1/portforward} and its older {@code GET /v1/openvpn/portforwarded}: {@code {"port":N}} for one
 * port, {@code {"port":0}} while none is forwarded (off, tunnel down, not granted yet), {@code {"ports":[...]}} for
 * several, as gluetun answers.
 */
final class PortForwardRoutes {
    private PortForwardRoutes() {
    }

    static void register(HttpRouting.Builder routing, PortForwardView view) {
        Handler handler = (req, res) -> {
            List<Integer> ports = view.current().map(p -> p.ports()).orElse(List.of());
            if (ports.size() <= 1) {
                JsonAnswer.ok(res, Json.createObjectBuilder().add("port", ports.isEmpty() ? 0 : ports.getFirst()).build());
            } else {
                var array = Json.createArrayBuilder();
                ports.forEach(array::add);
                JsonAnswer.ok(res, Json.createObjectBuilder().add("ports", array).build());
            }
        };
        routing.get(ControlRoutes.path(ControlRoutes.PORT_FORWARD), handler);
        routing.get(ControlRoutes.path(ControlRoutes.OPENVPN_PORT_FORWARDED), handler);
    }
}
