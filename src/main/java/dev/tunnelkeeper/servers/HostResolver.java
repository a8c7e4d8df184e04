package dev.tunnelkeeper.servers;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a server's host name into its IPv4 addresses. At start it runs while the servers are loaded, before the kill
 * switch closes and before the local resolver takes /etc/resolv.conf over; later (see {@link NameRefresh}) only while
 * the kill switch lets the query itself out.
 */
@FunctionalInterface
public interface HostResolver {
    /** @return the name's IPv4 addresses, never empty: a name without one throws */
    List<String> ipv4(String host) throws UnknownHostException;

    /** The addresses with how long they may be kept; a resolver that does not know says zero. */
    default HostAnswer resolve(String host) throws UnknownHostException {
        return new HostAnswer(ipv4(host), Duration.ZERO);
    }

    /** The JDK's resolver (the system's: /etc/hosts, then /etc/resolv.conf as it is at the time of the call). */
    HostResolver SYSTEM = host -> {
        List<String> ips = Arrays.stream(InetAddress.getAllByName(host))
                .filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).distinct().toList();
        if (ips.isEmpty()) {
            throw new UnknownHostException(host + " has no IPv4 address");
        }
        return ips;
    };
}
