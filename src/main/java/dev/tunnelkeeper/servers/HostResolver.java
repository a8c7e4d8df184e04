package dev.tunnelkeeper.servers;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a server's host name into its IPv4 addresses. It runs while the servers are loaded, before the kill switch
 * closes and before the local resolver takes /etc/resolv.conf over, so the container's own resolver answers and the
 * query is the only thing that leaves outside the tunnel.
 */
@FunctionalInterface
public interface HostResolver {
    /** @return the name's IPv4 addresses, never empty: a name without one throws */
    List<String> ipv4(String host) throws UnknownHostException;

    /** The JDK's resolver (the system's: /etc/hosts, then /etc/resolv.conf). */
    HostResolver SYSTEM = host -> {
        List<String> ips = Arrays.stream(InetAddress.getAllByName(host))
                .filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).distinct().toList();
        if (ips.isEmpty()) {
            throw new UnknownHostException(host + " has no IPv4 address");
        }
        return ips;
    };
}
