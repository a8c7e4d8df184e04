package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.vpn.Endpoint;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * What changes while the supervisor runs: the one endpoint allowed out, the tunnel interface while it is up, the
 * ports forwarded through it (VPN_PORT_FORWARDING), accepted in on the tunnel interface while it is up, and the
 * nameservers a server's host name is being asked of (only for the duration of that lookup).
 * Everything else in the rules comes from the settings and the network found at start.
 */
public record FirewallState(Optional<Endpoint> endpoint, Optional<String> tunnelInterface, List<Integer> forwardedPorts,
                            List<InetSocketAddress> dnsLookups) {
    /** Before the first connect: nothing but loopback, local subnets and the configured exceptions. */
    public static final FirewallState INITIAL = new FirewallState(Optional.empty(), Optional.empty(), List.of(), List.of());

    public FirewallState {
        forwardedPorts = List.copyOf(forwardedPorts);
        dnsLookups = List.copyOf(dnsLookups);
    }

    public FirewallState(Optional<Endpoint> endpoint, Optional<String> tunnelInterface, List<Integer> forwardedPorts) {
        this(endpoint, tunnelInterface, forwardedPorts, List.of());
    }

    /** The new endpoint replaces the old one: there is never more than one. */
    public FirewallState withEndpoint(Endpoint next) {
        return new FirewallState(Optional.of(next), tunnelInterface, forwardedPorts, dnsLookups);
    }

    public FirewallState withTunnelUp(String iface) {
        return new FirewallState(endpoint, Optional.of(iface), forwardedPorts, dnsLookups);
    }

    public FirewallState withTunnelDown() {
        return new FirewallState(endpoint, Optional.empty(), forwardedPorts, dnsLookups);
    }

    /** These forwarded ports replace the previous ones (a changed port closes the old one). */
    public FirewallState withForwardedPorts(List<Integer> ports) {
        return new FirewallState(endpoint, tunnelInterface, ports, dnsLookups);
    }

    /** Queries to these nameservers may leave (empty: none may). */
    public FirewallState withDnsLookups(List<InetSocketAddress> nameservers) {
        return new FirewallState(endpoint, tunnelInterface, forwardedPorts, nameservers);
    }

    /** FIREWALL_VPN_INPUT_PORTS and the forwarded ports, each once. */
    List<Integer> tunnelInputPorts(List<Integer> configured) {
        List<Integer> all = new java.util.ArrayList<>(configured);
        forwardedPorts.stream().filter(p -> !all.contains(p)).forEach(all::add);
        return all;
    }
}
