package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.ServerFeature;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.ServerSettings.Selection;
import dev.tunnelkeeper.config.SettingsReader;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * SERVERS_FILE, SERVER_* as text to {@link ServerSettings} with config's readers: every problem is added to the
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

    private ServerSettingsParser() {
    }

    /** @param raw the value of each env name, as {@code RawSettings::get} gives it */
    public static ServerSettings parse(Function<String, RawSettings.Value> raw, List<String> problems) {
        SettingsReader r = new SettingsReader(raw, problems);
        RawSettings.Value file = r.value(FILE);
        return new ServerSettings(
                r.path(FILE, ServerSettings.DEFAULT_FILE, "the path of a servers file such as config/servers.json"),
                file.isSet() && !file.isDefault(),
                r.list(REGIONS), r.list(COUNTRIES), r.list(CITIES), r.list(HOSTNAMES), r.list(NAMES),
                r.read(SELECTION, Selection.RANDOM, "random (any server that has not failed lately) or ordered "
                        + "(the first in the order of SERVER_NAMES, ..., or of the servers file)", ServerSettingsParser::selection),
                r.duration(COOLDOWN, ServerSettings.DEFAULT_COOLDOWN,
                        "a duration such as 5m, 90s or 0 (0: never pass over a server that failed)"),
                features(r));
    }

    /** FREE_ONLY, OWNED_ONLY, ...: the features a server must have. */
    private static Set<ServerFeature> features(SettingsReader r) {
        Set<ServerFeature> out = EnumSet.noneOf(ServerFeature.class);
        for (ServerFeature feature : ServerFeature.values()) {
            if (r.value(feature.env()).isSet() && r.bool(feature.env(), false, "on: only " + feature.description() + ", those with \""
                    + feature.fields().get(0) + "\": true in the servers file")) {
                out.add(feature);
            }
        }
        return out;
    }

    private static Selection selection(String text) {
        for (Selection s : Selection.values()) {
            if (s.id().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("not a known selection");
    }
}
