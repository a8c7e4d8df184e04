package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.firewall.Ipv4Cidr;
import java.util.Locale;
import java.util.Optional;

/**
 * One item of HOOK_FETCH_ALLOW: a host name and port ({@code ntfy.sh:443}), or an IPv4 network and port
 * ({@code 192.168.1.0/24:8080}, {@code 192.168.1.5:80} meaning a /32). The port is required: a grant names a service,
 * never a whole host.
 */
record FetchGrant(Optional<String> host, Optional<Ipv4Cidr> network, int port) {

    static FetchGrant parse(String text) {
        String s = text.strip();
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new IllegalArgumentException("the port is missing (a grant names host:port or CIDR:port)");
        }
        String where = s.substring(0, colon);
        String portText = s.substring(colon + 1);
        if (!portText.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("\"" + portText + "\" is not a port");
        }
        int port = Integer.parseInt(portText);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        String first = where.contains("/") ? where.substring(0, where.indexOf('/')) : where;
        if (Ipv4Cidr.isAddress(first)) {
            return new FetchGrant(Optional.empty(), Optional.of(Ipv4Cidr.parse(where)), port);
        }
        if (where.contains("/") || where.contains("[") || where.contains(":")) {
            throw new IllegalArgumentException("\"" + where + "\" is neither a host name nor an IPv4 network");
        }
        if (!where.matches("(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\\.?")) {
            throw new IllegalArgumentException("\"" + where + "\" is not a host name");
        }
        return new FetchGrant(Optional.of(hostKey(where)), Optional.empty(), port);
    }

    /** Host names compare case-insensitively, without a trailing dot. */
    static String hostKey(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }

    boolean allowsName(String host, int port) {
        return this.port == port && this.host.isPresent() && this.host.get().equals(hostKey(host));
    }

    boolean allowsAddress(int ipv4, int port) {
        return this.port == port && network.isPresent() && contains(network.get(), ipv4);
    }

    static boolean contains(Ipv4Cidr net, int ipv4) {
        int mask = net.prefix() == 0 ? 0 : -1 << (32 - net.prefix());
        return (ipv4 & mask) == net.network();
    }

    @Override
    public String toString() {
        return host.orElseGet(() -> {
            Ipv4Cidr n = network.orElseThrow();
            return n.prefix() == 32 ? n.toString().substring(0, n.toString().indexOf('/')) : n.toString();
        }) + ":" + port;
    }
}
