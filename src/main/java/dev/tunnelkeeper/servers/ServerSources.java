package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

/** Builds the supervisor's connection source from the settings: catalogue, filters, built-in selection. */
public final class ServerSources {
    private static final Log LOG = Log.of("servers");

    private ServerSources() {
    }

    /**
     * Loads the catalogue and filters it; throws with one line per problem (a bad or missing file, no match),
     * to be reported like any settings problem (exit code 2).
     *
     * @param clock  the time source: histories are stamped with its wall clock, cool-downs run on its monotonic one
     * @param random the random selection's source
     */
    public static CatalogConnectionSource load(ServerSettings settings, VpnSettings vpn, Scheduler clock, Random random)
            throws SettingsException {
        return load(settings, vpn, clock, ServerSelector.of(settings.selection(), random));
    }

    /** The same with a given selector: the hooks' selector, which falls back to the built-in one. */
    public static CatalogConnectionSource load(ServerSettings settings, VpnSettings vpn, Scheduler clock,
                                               ServerSelector selector) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Optional<ServerCatalog> catalog = ServerCatalogLoader.load(settings, vpn, problems);
        if (catalog.isEmpty()) {
            throw new SettingsException(problems);
        }
        return create(catalog.get(), settings, vpn, clock, selector);
    }

    /**
     * The same, with host names resolved by {@code resolver} (the container's nameservers of the start, and /etc/hosts)
     * at start and asked again later through it ({@link NameRefresh}).
     */
    public static CatalogConnectionSource load(ServerSettings settings, VpnSettings vpn, Scheduler clock,
                                               ServerSelector selector, DnsHostResolver resolver) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Optional<ServerCatalog> catalog = ServerCatalogLoader.load(settings, vpn, problems, resolver);
        if (catalog.isEmpty()) {
            throw new SettingsException(problems);
        }
        CatalogConnectionSource source = create(catalog.get(), settings, vpn, clock, selector);
        if (!catalog.get().names().isEmpty()) {
            source.refreshNames(new NameRefresh(resolver, resolver.nameservers(), catalog.get().names(), clock.elapsed()));
            LOG.info(String.join(", ", catalog.get().names().keySet().stream().sorted().toList()) + " will be asked again "
                    + "after a failure of its server, of " + (resolver.nameservers().isEmpty() ? "no nameserver (none in "
                    + "the resolver configuration: only the hosts file)" : resolver.nameservers().stream()
                    .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList() + ", the container's at start"));
        }
        return source;
    }

    /** The source over a loaded catalogue, with any selector (the product gives it the hooks' selector). */
    public static CatalogConnectionSource create(ServerCatalog catalog, ServerSettings settings, VpnSettings vpn,
                                                 Scheduler clock, ServerSelector selector) throws SettingsException {
        ServerFilter filter = ServerFilter.of(settings, vpn);
        if (catalog.fromEnvironment()) {
            if (!settings.required().isEmpty()) {
                // The one server of the environment carries no feature flags: it cannot be shown to be one the user
                // allows, and picking it anyway would be picking a server the user excluded.
                throw new SettingsException(settings.required().stream().sorted().map(f -> f.env() + "=on: "
                        + catalog.source() + " is the only server and nothing says it is one of the " + f.description()
                        + "; valid: a SERVERS_FILE whose servers have \"" + f.fields().get(0) + "\": true, or " + f.env() + "=off").toList());
            }
            if (hasFilters(settings)) {
                LOG.warn("SERVER_REGIONS, SERVER_COUNTRIES, SERVER_CITIES, SERVER_HOSTNAMES and SERVER_NAMES are ignored: "
                        + "without a servers file the one server of " + catalog.source() + " is used");
            }
            filter = ServerFilter.vpnOnly(vpn.type());
        }
        List<Server> matching = filter.apply(catalog.servers());
        if (matching.isEmpty()) {
            throw new SettingsException(List.of(filter.noMatch(catalog)));
        }
        LOG.info(matching.size() + " of " + catalog.servers().size() + " servers of " + catalog.source() + " match "
                + filter.describe() + "; selection " + settings.selection().id()
                + ", cool-down " + GoDuration.format(settings.cooldown())
                + (catalog.fromEnvironment() ? "" : "; " + EndpointRules.of(vpn).describePorts(vpn.type())));
        return new CatalogConnectionSource(matching, selector, settings.cooldown(), EndpointRules.of(vpn), clock);
    }

    private static boolean hasFilters(ServerSettings s) {
        return Stream.of(s.regions(), s.countries(), s.cities(), s.hostnames(), s.names()).anyMatch(l -> !l.isEmpty());
    }
}
