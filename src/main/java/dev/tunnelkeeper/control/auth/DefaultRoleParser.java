package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.control.api.ControlRoutes;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * gluetun's HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE: a JSON role such as {@code {"auth":"apikey","apikey":"..."}}
 * applied to every route that no role of the file names. {@code {}} or no auth: no default role.
 */
public final class DefaultRoleParser {
    static final String DEFAULT_NAME = "default";
    private static final String VALID = "a JSON object such as {\"auth\":\"apikey\",\"apikey\":\"...\"} or "
            + "{\"auth\":\"basic\",\"username\":\"...\",\"password\":\"...\"}";

    private DefaultRoleParser() {
    }

    /**
     * @param where     how problems start (the setting, its value masked)
     * @param fileRoles the roles of the file: the default role gets the routes none of them names
     */
    public static Optional<Role> parse(String json, String where, List<Role> fileRoles, List<String> problems) {
        if (json.isBlank()) {
            return Optional.empty();
        }
        JsonObject object;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                problems.add(where + "not a JSON object; valid: " + VALID);
                return Optional.empty();
            }
            object = value.asJsonObject();
        } catch (JsonParsingException e) {
            // the parser's own message may quote the text, which holds a secret: only the place is told
            problems.add(where + "not valid JSON at column " + e.getLocation().getColumnNumber() + "; valid: " + VALID);
            return Optional.empty();
        } catch (JsonException e) {
            problems.add(where + "not valid JSON; valid: " + VALID);
            return Optional.empty();
        }
        if (!object.containsKey("auth") || isEmptyText(object.get("auth"))) {
            return Optional.empty();
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        object.forEach((k, v) -> fields.put(k, v instanceof JsonString s ? s.getString() : v.toString()));
        Optional<Role> role = new RoleReader(where + "default role", problems).read(fields, Optional.of(DEFAULT_NAME), false);
        return role.map(r -> new Role(r.name(), r.auth(), r.username(), r.password(), r.apiKey(), uncovered(fileRoles)))
                .filter(r -> !r.routes().isEmpty());
    }

    private static boolean isEmptyText(JsonValue value) {
        return value instanceof JsonString s && s.getString().isBlank();
    }

    private static List<String> uncovered(List<Role> roles) {
        Set<String> named = new LinkedHashSet<>();
        roles.forEach(r -> named.addAll(r.routes().contains(ControlRoutes.EVERY_ROUTE) ? ControlRoutes.ALL : r.routes()));
        return ControlRoutes.ALL.stream().filter(r -> !named.contains(r)).toList();
    }
}
