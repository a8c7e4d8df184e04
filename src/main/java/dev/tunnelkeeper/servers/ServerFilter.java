package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.ServerFeature;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.VpnType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * gluetun's server filters: the VPN type (and for OpenVPN the transport) must match; each SERVER_* list that is set
 * must contain the server's value, case-insensitively (OR within a list, AND across lists). A WireGuard server also
 * needs a public key, and every server an IPv4 address.
 *
 * @param protocol OPENVPN_PROTOCOL for OpenVPN; empty for WireGuard and for the environment's own server
 * @param required the features FREE_ONLY, OWNED_ONLY, ... ask for: a server must have every one
 */
public record ServerFilter(
        VpnType vpn,
        Optional<Protocol> protocol,
        List<String> countries,
        List<String> regions,
        List<String> cities,
        List<String> hostnames,
        List<String> names,
        Set<ServerFeature> required) {

    public ServerFilter {
        countries = List.copyOf(countries);
        regions = List.copyOf(regions);
        cities = List.copyOf(cities);
        hostnames = List.copyOf(hostnames);
        names = List.copyOf(names);
        required = required.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(required));
    }

    /** Without feature filters. */
    public ServerFilter(VpnType vpn, Optional<Protocol> protocol, List<String> countries, List<String> regions,
                        List<String> cities, List<String> hostnames, List<String> names) {
        this(vpn, protocol, countries, regions, cities, hostnames, names, Set.of());
    }

    public static ServerFilter of(ServerSettings settings, VpnSettings vpn) {
        Optional<Protocol> protocol = vpn.type() == VpnType.OPENVPN ? Optional.of(vpn.openvpn().protocol()) : Optional.empty();
        return new ServerFilter(vpn.type(), protocol, settings.countries(), settings.regions(), settings.cities(),
                settings.hostnames(), settings.names(), settings.required());
    }

    /** Only the VPN type: for the server the environment names, which the user chose outright. */
    public static ServerFilter vpnOnly(VpnType vpn) {
        return new ServerFilter(vpn, Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    public boolean matches(Server server) {
        return server.vpn() == vpn
                && protocol.map(server::supports).orElse(true)
                && (vpn != VpnType.WIREGUARD || server.wgPubKey().isPresent())
                && !server.connectableIps().isEmpty()
                && position(countries, server.country()) >= 0
                && position(regions, server.region()) >= 0
                && position(cities, server.city()) >= 0
                && position(hostnames, server.hostname()) >= 0
                && position(names, server.serverName()) >= 0
                && server.features().containsAll(required);
    }

    /** The matching servers, in priority order (see {@link #priority()}). */
    public List<Server> apply(List<Server> servers) {
        return servers.stream().filter(this::matches).sorted(priority()).toList();
    }

    /**
     * The order ordered selection follows: the order the values were written in, the most specific list first
     * (names, hostnames, cities, regions, countries; SERVER_NAMES=b,a puts b first), then the file's order.
     */
    public Comparator<Server> priority() {
        return Comparator.comparingInt((Server s) -> position(names, s.serverName()))
                .thenComparingInt(s -> position(hostnames, s.hostname()))
                .thenComparingInt(s -> position(cities, s.city()))
                .thenComparingInt(s -> position(regions, s.region()))
                .thenComparingInt(s -> position(countries, s.country()))
                .thenComparingInt(Server::index);
    }

    /** gluetun's wording, e.g. {@code VPN openvpn; protocol udp; countries Sweden, Norway; city Oslo}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("VPN " + vpn.id());
        protocol.ifPresent(p -> parts.add("protocol " + p.id()));
        addList(parts, "country", "countries", countries);
        addList(parts, "region", "regions", regions);
        addList(parts, "city", "cities", cities);
        addList(parts, "hostname", "hostnames", hostnames);
        addList(parts, "name", "names", names);
        required.stream().sorted().forEach(f -> parts.add(f.label()));
        return String.join("; ", parts);
    }

    /** The error when nothing matches: gluetun's message, then where the servers came from. */
    public String noMatch(ServerCatalog catalog) {
        int count = catalog.servers().size();
        return "no server found: for " + describe() + " (none of the " + count + " server" + (count == 1 ? "" : "s")
                + " of " + catalog.source() + " matches" + hint(catalog) + ")";
    }

    // The likeliest mistake that is not a typo in a filter: servers of the other VPN type, or WireGuard ones without a key.
    private String hint(ServerCatalog catalog) {
        List<Server> ofType = catalog.servers().stream().filter(s -> s.vpn() == vpn).toList();
        if (ofType.isEmpty()) {
            return "; none is a " + vpn.id() + " server";
        }
        if (vpn == VpnType.WIREGUARD && ofType.stream().noneMatch(s -> s.wgPubKey().isPresent())) {
            return "; no wireguard server has a wgpubkey";
        }
        for (ServerFeature feature : required.stream().sorted().toList()) {
            if (ofType.stream().noneMatch(s -> s.features().contains(feature))) {
                return "; no " + vpn.id() + " server has \"" + feature.fields().get(0) + "\": true, which " + feature.env()
                        + "=on asks for";
            }
        }
        return "";
    }

    private static void addList(List<String> parts, String one, String many, List<String> values) {
        if (!values.isEmpty()) {
            parts.add((values.size() == 1 ? one : many) + " " + String.join(", ", values));
        }
    }

    /** Where {@code value} is in {@code wanted}, case-insensitively; 0 when the list is not set; -1 when absent. */
    private static int position(List<String> wanted, String value) {
        if (wanted.isEmpty()) {
            return 0;
        }
        for (int i = 0; i < wanted.size(); i++) {
            if (wanted.get(i).equalsIgnoreCase(value)) {
                return i;
            }
        }
        return -1;
    }
}
