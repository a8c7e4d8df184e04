package dev.tunnelkeeper.control;

import io.helidon.http.RequestException;
import io.helidon.http.Status;
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
    /**
     * The most a body may have: the control API's bodies are one short field. The listener refuses larger payloads
     * (413) before reading them, so a client cannot make the product buffer megabytes (ControlPlane sets it).
     */
    public static final int MAX_BYTES = 64 * 1024;
    private static final int MAX_CHARS = MAX_BYTES;

    private JsonBody() {
    }

    /** The body as an object whose fields are among {@code allowed}; {@code example} shows a valid body. */
    public static JsonObject object(ServerRequest req, Set<String> allowed, String example) {
        String text;
        try {
            text = req.content().hasEntity() ? req.content().as(String.class) : "";
        } catch (RequestException e) {
            if (e.status() == Status.REQUEST_ENTITY_TOO_LARGE_413) {
                // A chunked body has no Content-Length to refuse up front: Helidon stops it at the limit while reading.
                throw new BadRequest(Status.REQUEST_ENTITY_TOO_LARGE_413, "the body has more than " + MAX_BYTES
                        + " bytes; valid: at most " + MAX_BYTES + ", such as " + example);
            }
            throw unreadable(example);
        } catch (RuntimeException e) {
            // Helidon fails the read when the client's framing is wrong (a bad chunk size, fewer bytes than its
            // Content-Length before it closed): the client's fault, so 400, not a 500 "internal error: null".
            throw unreadable(example);
        }
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
        } catch (RuntimeException e) {
            // Parsson throws a bare RuntimeException for input nested deeper than 1000 ("Input is too deeply nested").
            throw new BadRequest("the body is not valid JSON (" + e.getMessage() + "); valid: a JSON object such as " + example);
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

    private static BadRequest unreadable(String example) {
        return new BadRequest("the body cannot be read: it is shorter than its Content-Length or its chunks are "
                + "malformed; valid: a JSON object such as " + example + " with a correct Content-Length");
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
