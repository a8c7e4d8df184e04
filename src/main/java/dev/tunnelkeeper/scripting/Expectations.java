package dev.tunnelkeeper.scripting;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a step's outcome is what its fixture expects. {@code expect: null} means no answer; a string matches the
 * chosen server's name or the answer's action; an object matches when each of its fields equals the answer's. An
 * error fails a step unless {@code expectError} names part of it.
 */
final class Expectations {

    private Expectations() {
    }

    /** Empty when the step passes; else what went wrong. */
    static Optional<String> check(FixtureRunner.StepResult result) {
        HookFixture.Step step = result.step();
        if (step.expectError().isPresent()) {
            String part = step.expectError().get();
            boolean found = result.errors().stream().anyMatch(e -> e.toString().contains(part));
            return found ? Optional.empty() : Optional.of("expected an error containing \"" + part + "\"");
        }
        if (!result.errors().isEmpty()) {
            return Optional.of("the hook failed");
        }
        if (step.expectFetches().isPresent()) {
            Optional<String> wrong = fetches(step.expectFetches().get(), result.fetches());
            if (wrong.isPresent()) {
                return wrong;
            }
        }
        if (!step.hasExpect()) {
            return Optional.empty();
        }
        return matches(step.expect(), result.answer()) ? Optional.empty()
                : Optional.of("expected " + (step.expect() == JsonValue.NULL ? "no answer" : step.expect().toString()));
    }

    private static Optional<String> fetches(jakarta.json.JsonArray expected, java.util.List<FixtureFetches.Call> made) {
        if (expected.size() != made.size()) {
            return Optional.of("expected " + expected.size() + " tk.fetch call(s), the hook made " + made.size()
                    + (made.isEmpty() ? "" : ": " + made.stream().map(c -> c.method() + " " + c.url()).toList()));
        }
        for (int i = 0; i < made.size(); i++) {
            if (!(expected.get(i) instanceof JsonObject e)) {
                return Optional.of("expectFetches[" + i + "] is not an object");
            }
            FixtureFetches.Call c = made.get(i);
            JsonObject actual = c.json();
            for (Map.Entry<String, JsonValue> field : e.entrySet()) {
                String name = field.getKey();
                boolean ok = switch (name) {
                    case "bodyContains" -> field.getValue() instanceof JsonString s
                            && c.body().orElse("").contains(s.getString());
                    case "method" -> field.getValue() instanceof JsonString s && s.getString().equalsIgnoreCase(c.method());
                    case "headers" -> field.getValue() instanceof JsonObject h && h.entrySet().stream()
                            .allMatch(x -> x.getValue() instanceof JsonString v && c.headers().entrySet().stream()
                                    .anyMatch(y -> y.getKey().equalsIgnoreCase(x.getKey()) && y.getValue().equals(v.getString())));
                    default -> field.getValue().equals(actual.get(name));
                };
                if (!ok) {
                    return Optional.of("tk.fetch call " + (i + 1) + " (" + c.method() + " " + c.url() + "): " + name
                            + " is not " + field.getValue());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean matches(JsonValue expected, Optional<JsonValue> answer) {
        if (expected == JsonValue.NULL) {
            return answer.isEmpty();
        }
        if (answer.isEmpty()) {
            return false;
        }
        JsonValue actual = answer.get();
        if (expected instanceof JsonString s) {
            return actual instanceof JsonObject o && (s.equals(o.get("name")) || s.equals(o.get("action")));
        }
        if (expected instanceof JsonObject e && actual instanceof JsonObject a) {
            for (Map.Entry<String, JsonValue> field : e.entrySet()) {
                if (!field.getValue().equals(a.get(field.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return expected.equals(actual);
    }
}
