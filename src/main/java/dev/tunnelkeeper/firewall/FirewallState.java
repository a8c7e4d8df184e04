package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.vpn.Endpoint;
import java.util.Optional;

/**
 * What changes while the supervisor runs: the one endpoint allowed out, and the tunnel interface while it is up.
 * Everything else in the rules comes from the settings and the network found at start.
 */
public record FirewallState(Optional<Endpoint> endpoint, Optional<String> tunnelInterface) {
    /** Before the first connect: nothing but loopback, local subnets and the configured exceptions. */
    public static final FirewallState INITIAL = new FirewallState(Optional.empty(), Optional.empty());

    /** The new endpoint replaces the old one: there is never more than one. */
    public FirewallState withEndpoint(Endpoint next) {
        return new FirewallState(Optional.of(next), tunnelInterface);
    }

    public FirewallState withTunnelUp(String iface) {
        return new FirewallState(endpoint, Optional.of(iface));
    }

    public FirewallState withTunnelDown() {
        return new FirewallState(endpoint, Optional.empty());
    }
}
