package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.heal.HealDecision;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What each deciding hook may answer, checked strictly: a typo such as {@code {acton: "restart"}} is an error the
 * user sees at once, not a silent "no opinion". Each reader says what came back and what would be valid.
 */
final class Answers {
    static final int MAX_REASON = 300;

    /** onHealthCheckFailed: {@code {action: "wait" | "restart", reason}}; reason is required to restart. */
    record HealAnswer(HealDecision.Action action, String reason) {
    }

    /** selectServer: a candidate's name, and why. */
    record ServerChoice(String name, Optional<String> reason) {
    }

    /** onHealthCheckSucceeded: stay, or switch (to a named server, or to whatever the selection picks next). */
    record SwitchAnswer(boolean switchServer, Optional<String> server, String reason) {
    }

    private static final String HEAL_VALID = "nothing, or {action: \"wait\" | \"restart\", reason: \"...\"}";
    private static final String SWITCH_VALID = "nothing, {action: \"stay\"}, or {action: \"switch\", server?: \"name\", reason: \"...\"}";
    private static final String SERVER_VALID = "nothing, one of the candidates, or its name";

    private Answers() {
    }

    static AnswerReader<HealAnswer> heal() {
        return answer -> {
            JsonObject o = object(answer, HEAL_VALID);
            onlyFields(o, Set.of("action", "reason"), HEAL_VALID);
            String action = text(o, "action", true, HEAL_VALID).orElseThrow();
            return switch (action) {
                case "wait" -> Optional.of(new HealAnswer(HealDecision.Action.WAIT,
                        text(o, "reason", false, HEAL_VALID).orElse("no reason given")));
                case "restart" -> Optional.of(new HealAnswer(HealDecision.Action.RESTART, reason(o, HEAL_VALID)));
                default -> throw new InvalidAnswer("unknown action \"" + action + "\"; valid: " + HEAL_VALID);
            };
        };
    }

    /** @param names the candidates' names; null accepts any name (check-scripts' dry run has no real servers) */
    static AnswerReader<ServerChoice> server(Collection<String> names) {
        return answer -> {
            String name;
            Optional<String> reason = Optional.empty();
            if (answer instanceof JsonString s) {
                name = s.getString();
            } else if (answer instanceof JsonObject o && o.get("name") instanceof JsonString s) {
                name = s.getString();
                reason = text(o, "reason", false, SERVER_VALID);
            } else {
                throw new InvalidAnswer("returned " + shown(answer) + "; valid: " + SERVER_VALID);
            }
            known(name, names);
            return Optional.of(new ServerChoice(name, reason));
        };
    }

    /** @param names the servers one may switch to; null accepts any name */
    static AnswerReader<SwitchAnswer> switchServer(Collection<String> names) {
        return answer -> {
            JsonObject o = object(answer, SWITCH_VALID);
            onlyFields(o, Set.of("action", "server", "reason"), SWITCH_VALID);
            String action = text(o, "action", true, SWITCH_VALID).orElseThrow();
            switch (action) {
                case "stay" -> {
                    return Optional.of(new SwitchAnswer(false, Optional.empty(), text(o, "reason", false, SWITCH_VALID).orElse("")));
                }
                case "switch" -> {
                    Optional<String> server = text(o, "server", false, SWITCH_VALID);
                    if (server.isPresent()) {
                        known(server.get(), names);
                    }
                    return Optional.of(new SwitchAnswer(true, server, reason(o, SWITCH_VALID)));
                }
                default -> throw new InvalidAnswer("unknown action \"" + action + "\"; valid: " + SWITCH_VALID);
            }
        };
    }

    private static void known(String name, Collection<String> names) throws InvalidAnswer {
        if (names != null && !names.contains(name)) {
            String some = names.stream().limit(5).map(n -> "\"" + n + "\"").collect(Collectors.joining(", "));
            throw new InvalidAnswer("named \"" + name + "\", which is not one of the " + names.size() + " candidates ("
                    + some + (names.size() > 5 ? ", ..." : "") + ")");
        }
    }

    private static JsonObject object(JsonValue answer, String valid) throws InvalidAnswer {
        if (answer instanceof JsonObject o) {
            return o;
        }
        throw new InvalidAnswer("returned " + shown(answer) + "; valid: " + valid);
    }

    private static void onlyFields(JsonObject o, Set<String> allowed, String valid) throws InvalidAnswer {
        for (String key : o.keySet()) {
            if (!allowed.contains(key)) {
                throw new InvalidAnswer("unknown field \"" + key + "\" in " + shown(o) + "; valid: " + valid);
            }
        }
    }

    private static String reason(JsonObject o, String valid) throws InvalidAnswer {
        Optional<String> reason = text(o, "reason", false, valid).filter(r -> !r.isBlank());
        if (reason.isEmpty()) {
            throw new InvalidAnswer("a reason is required to " + o.getString("action") + " (it is logged); valid: " + valid);
        }
        return reason.get();
    }

    private static Optional<String> text(JsonObject o, String field, boolean required, String valid) throws InvalidAnswer {
        JsonValue v = o.get(field);
        if (v == null) {
            if (required) {
                throw new InvalidAnswer("\"" + field + "\" is missing in " + shown(o) + "; valid: " + valid);
            }
            return Optional.empty();
        }
        if (!(v instanceof JsonString s)) {
            throw new InvalidAnswer("\"" + field + "\" is " + shown(v) + ", not a string; valid: " + valid);
        }
        String t = s.getString();
        return Optional.of(t.length() > MAX_REASON ? t.substring(0, MAX_REASON) + "..." : t);
    }

    /** The value as JSON, cut short, with its type: what the user's hook actually returned. */
    static String shown(JsonValue v) {
        String json = v.toString();
        if (json.length() > 120) {
            json = json.substring(0, 120) + "...";
        }
        String type = switch (v.getValueType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case NULL -> "null";
        };
        return json + " (" + type.toLowerCase(Locale.ROOT) + ")";
    }
}
