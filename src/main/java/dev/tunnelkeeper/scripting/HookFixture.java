package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnState;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A recorded sequence of hook calls with the answers expected: the test kit's input ({@code *.test.json}).
 * Each step names the hook, when it happens (ms since the epoch; fixtures start at 0), the event fields that differ
 * from the defaults, and optionally {@code expect} (the answer; null for none; a string is a server name or an
 * action) or {@code expectError} (a part of the error's text). {@code server} and {@code history} in a step change
 * the current server and the servers' histories from that step on. The format is documented in scripts/README.md.
 */
record HookFixture(String description, Duration cooldown, List<JsonObject> servers, Optional<String> server,
                   VpnState vpnState, List<Step> steps, JsonObject raw, Map<String, dev.tunnelkeeper.config.Secret> secrets) {

    HookFixture(String description, Duration cooldown, List<JsonObject> servers, Optional<String> server,
                VpnState vpnState, List<Step> steps) {
        this(description, cooldown, servers, server, vpnState, steps, EMPTY, Map.of());
    }

    /**
     * @param expectFetches the tk.fetch calls the step must make (those that reached the wire, in order; each an
     *                      object of fields that must match: method, url, bodyContains, address), or empty: not checked
     */
    record Step(int number, Instant at, HookName call, Optional<String> server, Map<String, JsonObject> history,
                JsonObject event, boolean hasExpect, JsonValue expect, Optional<String> expectError,
                Optional<JsonArray> expectFetches) {
    }

    static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);
    private static final JsonObject EMPTY = JsonProvider.provider().createObjectBuilder().build();

    /** @throws IllegalArgumentException listing every problem, one a line */
    static HookFixture parse(JsonObject o) {
        List<String> problems = new ArrayList<>();
        List<JsonObject> servers = new ArrayList<>();
        if (o.get("servers") instanceof JsonArray a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) instanceof JsonObject s) {
                    servers.add(s);
                } else {
                    problems.add("servers[" + i + "] is not an object");
                }
            }
        }
        VpnState state = VpnState.RUNNING;
        if (o.get("vpnState") instanceof JsonString s) {
            try {
                state = VpnState.valueOf(s.getString().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("vpnState \"" + s.getString() + "\" is not one of "
                        + Arrays.stream(VpnState.values()).map(VpnState::id).toList());
            }
        }
        List<Step> steps = new ArrayList<>();
        if (!(o.get("steps") instanceof JsonArray a) || a.isEmpty()) {
            problems.add("\"steps\" is missing or empty: a fixture is a list of steps");
        } else {
            long at = 0;
            for (int i = 0; i < a.size(); i++) {
                if (!(a.get(i) instanceof JsonObject s)) {
                    problems.add("steps[" + i + "] is not an object");
                    continue;
                }
                at = s.get("at") instanceof JsonNumber n ? n.longValue() : at;
                step(i, s, Instant.ofEpochMilli(at), problems).ifPresent(steps::add);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        long cooldownMs = o.get("cooldownMs") instanceof JsonNumber n ? n.longValue() : DEFAULT_COOLDOWN.toMillis();
        Map<String, dev.tunnelkeeper.config.Secret> secrets = new LinkedHashMap<>();
        if (o.get("secrets") instanceof JsonObject so) {
            so.forEach((k, v) -> secrets.put(k, new dev.tunnelkeeper.config.Secret(
                    v instanceof JsonString js ? js.getString() : v.toString())));
        }
        return new HookFixture(o.getString("description", ""), Duration.ofMillis(cooldownMs), servers,
                optionalString(o, "server"), state, steps, o, secrets);
    }

    /** check-scripts' dry run: each hook once, with the defaults and three sample servers. */
    static HookFixture sample(Collection<HookName> hooks) {
        List<JsonObject> servers = new ArrayList<>();
        String[][] places = {{"sample-1", "Sweden", "Europe", "Stockholm"}, {"sample-2", "Germany", "Europe", "Berlin"},
                {"sample-3", "Japan", "Asia", "Tokyo"}};
        for (String[] p : places) {
            servers.add(JsonProvider.provider().createObjectBuilder().add("name", p[0]).add("country", p[1])
                    .add("region", p[2]).add("city", p[3]).build());
        }
        List<Step> steps = new ArrayList<>();
        for (HookName h : hooks) {
            steps.add(new Step(steps.size() + 1, Instant.ofEpochMilli(60_000), h, Optional.empty(), Map.of(), EMPTY,
                    false, JsonValue.NULL, Optional.empty(), Optional.empty()));
        }
        return new HookFixture("check-scripts dry run", DEFAULT_COOLDOWN, servers, Optional.of("sample-1"),
                VpnState.RUNNING, steps);
    }

    private static Optional<Step> step(int i, JsonObject s, Instant at, List<String> problems) {
        String where = "steps[" + i + "]";
        String call = s.getString("call", "");
        Optional<HookName> hook = HookName.ofExport(call);
        if (hook.isEmpty()) {
            problems.add(where + ".call \"" + call + "\" is not a hook; valid: "
                    + Arrays.stream(HookName.values()).map(HookName::export).toList());
            return Optional.empty();
        }
        Map<String, JsonObject> history = new LinkedHashMap<>();
        if (s.get("history") instanceof JsonObject h) {
            h.forEach((name, v) -> {
                if (v instanceof JsonObject ho) {
                    history.put(name, ho);
                } else {
                    problems.add(where + ".history." + name + " is not an object");
                }
            });
        }
        JsonObject event = s.get("event") instanceof JsonObject e ? e : EMPTY;
        return Optional.of(new Step(i + 1, at, hook.get(), optionalString(s, "server"), history, event,
                s.containsKey("expect"), s.getOrDefault("expect", JsonValue.NULL), optionalString(s, "expectError"),
                s.get("expectFetches") instanceof JsonArray f ? Optional.of(f) : Optional.empty()));
    }

    private static Optional<String> optionalString(JsonObject o, String field) {
        return o.get(field) instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }
}
