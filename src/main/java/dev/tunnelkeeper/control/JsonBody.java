package dev.tunnelkeeper.control;

import io.helidon.webserver.http.ServerRequest;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Set;

/** Reads a request body as one JSON object with known fields; anything else is a {@link BadRequest} saying why. */
public final class JsonBody {
    private static final int MAX_CHARS = 64 * 1024;

    private JsonBody() {
    }

    /** The body as an object whose fields are among {@code allowed}; {@code example} shows a valid body. */
    public static JsonObject object(ServerRequest req, Set<String> allowed, String example) {
        String text = req.content().hasEntity() ? req.content().as(String.class) : "";
        if (text.isBlank()) {
            throw new BadRequest("the body is empty; valid: a JSON object such as " + example);
        }
        if (text.length() > MAX_CHARS) {
            throw new BadRequest("the body has " + text.length() + " characters; valid: at most " + MAX_CHARS);
        }
        JsonValue value;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            value = reader.readValue();
        } catch (JsonParsingException e) {
            throw new BadRequest("the body is not valid JSON (line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber() + "); valid: a JSON object such as " + example);
        } catch (JsonException e) {
            throw new BadRequest("the body is not valid JSON; valid: a JSON object such as " + example);
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new BadRequest("the body is a JSON " + value.getValueType().name().toLowerCase(java.util.Locale.ROOT)
                    + "; valid: a JSON object such as " + example);
        }
        JsonObject object = value.asJsonObject();
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw new BadRequest("unknown field \"" + key + "\"; valid fields: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return object;
    }

    /** A required string field. */
    public static String text(JsonObject object, String field, String valid) {
        JsonValue value = object.get(field);
        if (value == null) {
            throw new BadRequest("the field \"" + field + "\" is missing; valid: " + valid);
        }
        if (!(value instanceof JsonString s)) {
            throw new BadRequest("the field \"" + field + "\" is " + value + ", not a string; valid: " + valid);
        }
        return s.getString();
    }
}
