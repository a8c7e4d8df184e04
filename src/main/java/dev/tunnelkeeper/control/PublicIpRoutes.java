package dev.tunnelkeeper.control;

import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.publicip.PublicIp;
import io.helidon.webserver.http.HttpRouting;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * gluetun's {@code GET /v1/publicip/ip}: {@code {"public_ip":"1.2.3.4","country":...}} with empty fields left out,
 * and {@code {"public_ip":""}} while the address is not known (tunnel down, lookup off or failed).
 */
final class PublicIpRoutes {
    private PublicIpRoutes() {
    }

    static void register(HttpRouting.Builder routing, Supplier<Optional<PublicIp>> publicIp) {
        routing.get("/v1/publicip/ip", (req, res) -> {
            JsonObjectBuilder b = Json.createObjectBuilder();
            PublicIp ip = publicIp.get().orElse(new PublicIp("", "", "", "", "", "", "", "", ""));
            b.add("public_ip", ip.ip());
            addIfSet(b, "region", ip.region());
            addIfSet(b, "country", ip.country());
            addIfSet(b, "city", ip.city());
            addIfSet(b, "hostname", ip.hostname());
            addIfSet(b, "location", ip.location());
            addIfSet(b, "organization", ip.organization());
            addIfSet(b, "postal_code", ip.postalCode());
            addIfSet(b, "timezone", ip.timezone());
            JsonAnswer.ok(res, b.build());
        });
    }

    private static void addIfSet(JsonObjectBuilder b, String name, String value) {
        if (!value.isEmpty()) {
            b.add(name, value);
        }
    }
}
