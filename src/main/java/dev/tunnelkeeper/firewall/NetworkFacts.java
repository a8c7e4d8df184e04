package dev.tunnelkeeper.firewall;

import java.util.List;

/**
 * The container's network as found at start, before any tunnel exists.
 *
 * @param defaultInterface the interface of the IPv4 default route: where the VPN server is reached
 * @param localSubnets     the IPv4 subnets of the non-loopback, non-VPN interfaces
 */
public record NetworkFacts(String defaultInterface, List<LocalSubnet> localSubnets) {
    public NetworkFacts {
        localSubnets = List.copyOf(localSubnets);
    }
}
