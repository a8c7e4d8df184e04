package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.ServerFeature;
import dev.tunnelkeeper.config.ServerSettings.Selection;
import dev.tunnelkeeper.config.ServerSettings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * SERVERS_FILE, SERVER_* as text to {@link ServerSettings}, in SettingsLoader's manner: every problem is added to the
 * list (one line naming the variable, the value and what would be valid) and a safe default is used instead.
 */
public final class ServerSettingsParser {
    public static final String FILE = "SERVERS_FILE";
    public static final String REGIONS = "SERVER_REGIONS";
    public static final String COUNTRIES = "SERVER_COUNTRIES";
    public static final String CITIES = "SERVER_CITIES";
    public static final String HOSTNAMES = "SERVER_HOSTNAMES";
    public static final String NAMES = "SERVER_NAMES";
    public static final String SELECTION = "SERVER_SELECTION";
    public static final String COOLDOWN = "SERVER_COOLDOWN";

    private final Function<String, RawSettings.Value> raw;
    private final List<String> problems;

    private ServerSettingsParser(Function<String, RawSettings.Value> raw, List<String> problems) {
        this.raw = raw;
        this.problems = problems;
    }

    /** @param raw the value of each env name, as {@code RawSettings::get} gives it */
    public static ServerSettings parse(Function<String, RawSettings.Value> raw, List<String> problems) {
        return new ServerSettingsParser(raw, problems).build();
    }

    private ServerSettings build() {
        RawSettings.Value file = raw.apply(FILE);
        return new ServerSettings(
                path(file),
                file.isSet() && !file.isDefault(),
                list(REGIONS), list(COUNTRIES), list(CITIES), list(HOSTNAMES), list(NAMES),
                selection(),
                cooldown(),
                features());
    }

    /** FREE_ONLY, OWNED_ONLY, ...: the features a server must have. */
    private java.util.Set<ServerFeature> features() {
        java.util.Set<ServerFeature> out = java.util.EnumSet.noneOf(ServerFeature.class);
        for (ServerFeature feature : ServerFeature.values()) {
            RawSettings.Value value = raw.apply(feature.env());
            if (!value.isSet()) {
                continue;
            }
            java.util.Optional<Boolean> on = value.bool();
            if (on.isEmpty()) {
                problem(value, "not a boolean", RawSettings.BOOLEANS + " (on: only " + feature.description()
                        + ", those with \"" + feature.fields().get(0) + "\": true in the servers file)");
            } else if (on.get()) {
                out.add(feature);
            }
        }
        return out;
    }

    private Path path(RawSettings.Value value) {
        if (!value.isSet()) {
            return ServerSettings.DEFAULT_FILE;
        }
        try {
            return Path.of(value.text().strip());
        } catch (InvalidPathException e) {
            problem(value, "not a path (" + e.getReason() + ")", "the path of a servers file such as config/servers.json");
            return ServerSettings.DEFAULT_FILE;
        }
    }

    private List<String> list(String env) {
        List<String> out = new ArrayList<>();
        for (String part : raw.apply(env).text().split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private Selection selection() {
        RawSettings.Value value = raw.apply(SELECTION);
        if (!value.isSet()) {
            return Selection.RANDOM;
        }
        for (Selection s : Selection.values()) {
            if (s.id().equals(value.text().strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        problem(value, "not a known selection", "random (any server that has not failed lately) or ordered "
                + "(the first in the order of SERVER_NAMES, ..., or of the servers file)");
        return Selection.RANDOM;
    }

    private Duration cooldown() {
        RawSettings.Value value = raw.apply(COOLDOWN);
        if (!value.isSet()) {
            return ServerSettings.DEFAULT_COOLDOWN;
        }
        try {
            return GoDuration.parse(value.text());
        } catch (IllegalArgumentException e) {
            problem(value, e.getMessage(), "a duration such as 5m, 90s or 0 (0: never pass over a server that failed)");
            return ServerSettings.DEFAULT_COOLDOWN;
        }
    }

    private void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }
}
