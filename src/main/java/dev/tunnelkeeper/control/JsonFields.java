package dev.tunnelkeeper.control;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Optional;

/** Adds values that may be missing: JSON null rather than a left-out field, so clients see every field. */
public final class JsonFields {
    private JsonFields() {
    }

    public static JsonObjectBuilder text(JsonObjectBuilder b, String name, Optional<String> value) {
        return value.isPresent() ? b.add(name, value.get()) : b.add(name, JsonValue.NULL);
    }

    public static JsonObjectBuilder time(JsonObjectBuilder b, String name, Optional<Instant> value) {
        return text(b, name, value.map(Instant::toString));
    }
}
