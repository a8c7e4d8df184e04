package dev.tunnelkeeper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Which servers tunnelkeeper may connect to and how it chooses among them.
 *
 * @param file         SERVERS_FILE: gluetun's servers.json shape (default config/servers.json)
 * @param fileRequired true when SERVERS_FILE was set (env or YAML): a missing file is then an error. The default
 *                     file may be absent: the single server of OPENVPN_CUSTOM_CONFIG or WIREGUARD_ENDPOINT_* is used
 * @param regions      SERVER_REGIONS, in the order written (the priority for ordered selection)
 * @param countries    SERVER_COUNTRIES
 * @param cities       SERVER_CITIES
 * @param hostnames    SERVER_HOSTNAMES
 * @param names        SERVER_NAMES
 * @param selection    SERVER_SELECTION: random or ordered
 * @param cooldown     SERVER_COOLDOWN: how long a server that failed is passed over while others have not failed
 * @param required     the gluetun features asked for with FREE_ONLY, OWNED_ONLY, ...: a server must have each
 */
public record ServerSettings(
        Path file,
        boolean fileRequired,
        List<String> regions,
        List<String> countries,
        List<String> cities,
        List<String> hostnames,
        List<String> names,
        Selection selection,
        Duration cooldown,
        java.util.Set<ServerFeature> required) {

    public static final Path DEFAULT_FILE = Path.of("config", "servers.json");
    /** Longer than a few heal cycles (6 s, 11 s, 16 s, ...), short enough to fail back to a preferred server soon. */
    public static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(5);

    public ServerSettings {
        regions = List.copyOf(regions);
        countries = List.copyOf(countries);
        cities = List.copyOf(cities);
        hostnames = List.copyOf(hostnames);
        names = List.copyOf(names);
        required = required.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(java.util.EnumSet.copyOf(required));
    }

    /** Without feature filters. */
    public ServerSettings(Path file, boolean fileRequired, List<String> regions, List<String> countries, List<String> cities,
                          List<String> hostnames, List<String> names, Selection selection, Duration cooldown) {
        this(file, fileRequired, regions, countries, cities, hostnames, names, selection, cooldown, java.util.Set.of());
    }

    /** The defaults: the default file if present, no filters, random selection, 5 minutes of cool-down. */
    public static ServerSettings defaults() {
        return new ServerSettings(DEFAULT_FILE, false, List.of(), List.of(), List.of(), List.of(), List.of(),
                Selection.RANDOM, DEFAULT_COOLDOWN);
    }

    /** SERVER_SELECTION. */
    public enum Selection {
        /** At random among the servers that have not failed within the cool-down. */
        RANDOM,
        /** The first, in priority order, that has not failed within the cool-down. */
        ORDERED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Servers come from the file when SERVERS_FILE was set or the default file exists; else from the environment. */
    public boolean usesFile() {
        return fileRequired || java.nio.file.Files.exists(file);
    }
}
