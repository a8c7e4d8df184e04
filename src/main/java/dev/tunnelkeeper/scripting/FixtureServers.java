package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A fixture's servers as the supervisor's own records, so the test kit hands hooks exactly the shape production
 * does ({@link HookEvents} builds both). Only {@code name} is required; times are ms since the epoch.
 */
final class FixtureServers {

    private FixtureServers() {
    }

    /** @throws IllegalArgumentException naming the field, for the fixture's author */
    static Candidate candidate(int index, JsonObject o) {
        String at = "servers[" + index + "]";
        String name = string(o, "name", at).orElseThrow(() -> new IllegalArgumentException(at + ".name is missing"));
        List<String> ips = new ArrayList<>();
        if (o.get("ips") instanceof JsonArray a) {
            a.forEach(v -> ips.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else {
            ips.add("203.0.113." + (index + 1));
        }
        Server server = new Server(index, VpnType.OPENVPN, string(o, "country", at).orElse(""),
                string(o, "region", at).orElse(""), string(o, "city", at).orElse(""),
                string(o, "hostname", at).orElse(""), name, ips, true, true, Optional.empty(), Optional.empty());
        JsonValue h = o.get("history");
        return new Candidate(server, h instanceof JsonObject ho ? history(ho, at + ".history") : History.NONE);
    }

    /**
     * The test kit's monotonic reading at a fixture's time: its clock starts at the epoch and fixture times are wall
     * times, so the two differ by the epoch.
     */
    static Duration elapsedAt(Instant at) {
        return Duration.between(Instant.EPOCH, at);
    }

    static History history(JsonObject h, String at) {
        List<History.Failure> failures = new ArrayList<>();
        if (h.get("recentFailures") instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (!(a.get(i) instanceof JsonObject f)) {
                    throw new IllegalArgumentException(at + ".recentFailures[" + i + "] is not an object");
                }
                String where = at + ".recentFailures[" + i + "]";
                String kind = string(f, "kind", where).orElse("connect");
                Instant failedAt = time(f, "at", where).orElse(Instant.EPOCH);
                failures.add(new History.Failure(failedAt, elapsedAt(failedAt),
                        kind.equals("lost") ? History.Kind.LOST : History.Kind.CONNECT,
                        string(f, "ip", where).orElse(""), string(f, "reason", where).orElse("")));
            }
        }
        return new History(number(h, "timesChosen", at), time(h, "lastChosenAt", at), Optional.empty(),
                number(h, "connectFailures", at), number(h, "losses", at), failures,
                time(h, "lastConnectedAt", at), time(h, "lastHealthyAt", at));
    }

    private static Optional<String> string(JsonObject o, String field, String at) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return Optional.empty();
        }
        if (v instanceof JsonString s) {
            return Optional.of(s.getString());
        }
        throw new IllegalArgumentException(at + "." + field + " is " + v + ", not a string");
    }

    private static int number(JsonObject o, String field, String at) {
        JsonValue v = o.get(field);
        if (v == null) {
            return 0;
        }
        if (v instanceof JsonNumber n) {
            return n.intValue();
        }
        throw new IllegalArgumentException(at + "." + field + " is " + v + ", not a number");
    }

    private static Optional<Instant> time(JsonObject o, String field, String at) {
        JsonValue v = o.get(field);
        if (v == null || v == JsonValue.NULL) {
            return Optional.empty();
        }
        if (v instanceof JsonNumber n) {
            return Optional.of(Instant.ofEpochMilli(n.longValue()));
        }
        throw new IllegalArgumentException(at + "." + field + " is " + v + ", not a time in ms since the epoch");
    }
}
