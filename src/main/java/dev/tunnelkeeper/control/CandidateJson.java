package dev.tunnelkeeper.control;

import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** A server and its history as the API shows them (snake_case, times in ISO-8601, null when unknown). */
final class CandidateJson {
    private CandidateJson() {
    }

    static JsonObject of(Candidate candidate) {
        Server s = candidate.server();
        History h = candidate.history();
        JsonArrayBuilder ips = Json.createArrayBuilder();
        s.ips().forEach(ips::add);
        JsonArrayBuilder failures = Json.createArrayBuilder();
        for (History.Failure f : h.recentFailures()) {
            failures.add(Json.createObjectBuilder()
                    .add("at", f.at().toString())
                    .add("kind", f.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .add("ip", f.ip())
                    .add("reason", f.reason()));
        }
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("name", s.name())
                .add("country", s.country())
                .add("region", s.region())
                .add("city", s.city())
                .add("hostname", s.hostname())
                .add("ips", ips)
                .add("times_chosen", h.timesChosen())
                .add("connect_failures", h.connectFailures())
                .add("losses", h.losses());
        JsonFields.time(b, "last_chosen", h.lastChosen());
        JsonFields.time(b, "last_connected", h.lastConnected());
        JsonFields.time(b, "last_healthy", h.lastHealthy());
        return b.add("recent_failures", failures).build();
    }
}
