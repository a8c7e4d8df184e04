package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.ServerFeature;
import dev.tunnelkeeper.config.VpnType;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One server of the catalogue, with gluetun's servers.json fields.
 *
 * @param index      its position in the catalogue (servers[index] in the file): its identity and last tie-breaker
 * @param vpn        the VPN type it serves
 * @param country    empty when not known, as are region, city, hostname and serverName
 * @param ips        its addresses, in the file's order; IPv6 ones are kept but never connected to (IPv4-only routing)
 * @param tcp        it serves OpenVPN over TCP
 * @param udp        it serves OpenVPN over UDP
 * @param wgPubKey   its WireGuard public key
 * @param port       its port, when the file gives one
 * @param features   its gluetun booleans that are true ("free", "owned", ...), for the *_ONLY filters
 */
public record Server(
        int index,
        VpnType vpn,
        String country,
        String region,
        String city,
        String hostname,
        String serverName,
        List<String> ips,
        boolean tcp,
        boolean udp,
        Optional<String> wgPubKey,
        Optional<Integer> port,
        Set<ServerFeature> features) {

    public Server {
        ips = List.copyOf(ips);
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
    }

    /** A server without any of gluetun's feature flags. */
    public Server(int index, VpnType vpn, String country, String region, String city, String hostname, String serverName,
                  List<String> ips, boolean tcp, boolean udp, Optional<String> wgPubKey, Optional<Integer> port) {
        this(index, vpn, country, region, city, hostname, serverName, ips, tcp, udp, wgPubKey, port, Set.of());
    }

    /** How logs, hooks and the API name it: server_name, else hostname, else its first address. */
    public String name() {
        if (!serverName.isEmpty()) {
            return serverName;
        }
        if (!hostname.isEmpty()) {
            return hostname;
        }
        return ips.isEmpty() ? "servers[" + index + "]" : ips.get(0);
    }

    /** "country/region/city" with the parts that are known ("Netherlands", "Sweden/Stockholm"), or empty when none is. */
    public String location() {
        return java.util.stream.Stream.of(country, region, city).filter(p -> !p.isEmpty())
                .collect(java.util.stream.Collectors.joining("/"));
    }

    /** The same server at other addresses (its host name answered anew). */
    public Server withIps(List<String> next) {
        return new Server(index, vpn, country, region, city, hostname, serverName, next, tcp, udp, wgPubKey, port, features);
    }

    /** The addresses a tunnel may go to: tunnelkeeper's routing and kill switch are IPv4 only. */
    public List<String> connectableIps() {
        return ips.stream().filter(IpAddresses::isIpv4).toList();
    }

    public boolean supports(Protocol protocol) {
        return switch (vpn) {
            case WIREGUARD -> protocol == Protocol.UDP;
            case OPENVPN -> protocol == Protocol.TCP ? tcp : udp;
        };
    }
}
