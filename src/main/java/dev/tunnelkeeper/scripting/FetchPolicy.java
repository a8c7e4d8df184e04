package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.firewall.Ipv4Cidr;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the operator granted {@code tk.fetch} (HOOK_FETCH_ALLOW), and the addresses nothing grants. A URL is checked
 * before anything is sent: its host:port must be granted, by name ({@code ntfy.sh:443}) or by network
 * ({@code 192.168.1.0/24:8080}). A name is checked again on each address it resolves to, so a granted name cannot
 * lead to a forbidden address (DNS rebinding): loopback, link-local (169.254.0.0/16, where cloud metadata lives),
 * multicast, reserved and this machine's own addresses (the control API, the health server) are never reached, and
 * a private address (10/8, 172.16/12, 192.168/16, 100.64/10) only when a network grant with that port covers it.
 * IPv4 only.
 */
final class FetchPolicy {
    static final String SETTING = HookSettingsParser.HOOK_FETCH_ALLOW;
    private static final List<Ipv4Cidr> PRIVATE = List.of(Ipv4Cidr.parse("10.0.0.0/8"),
            Ipv4Cidr.parse("172.16.0.0/12"), Ipv4Cidr.parse("192.168.0.0/16"), Ipv4Cidr.parse("100.64.0.0/10"));

    /** A refusal: why, in words that name the setting that would allow it (or say that none does). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    /** Where a checked call goes: its port, and the host to resolve (or the address itself). */
    record Target(String host, int port, boolean literal) {
    }

    private final List<FetchGrant> grants;
    private final List<Ipv4Cidr> lan;
    private final boolean grantAll;

    // check-scripts' dry run: the code is checked, not the grants; nothing is sent there
    private FetchPolicy() {
        this.grants = List.of();
        this.lan = List.of();
        this.grantAll = true;
    }

    /** Grants every URL: only for check-scripts' dry run, whose answers are recorded and never sent. */
    static FetchPolicy dryRun() {
        return new FetchPolicy();
    }

    /**
     * @param grants HOOK_FETCH_ALLOW's items
     * @param lan    FIREWALL_OUTBOUND_SUBNETS: the networks reached outside the tunnel
     */
    FetchPolicy(List<String> grants, List<String> lan) {
        this.grants = grants.stream().map(FetchGrant::parse).toList();
        this.lan = lan.stream().map(Ipv4Cidr::parse).toList();
        this.grantAll = false;
    }

    /** The first check, before a name is resolved or a packet sent. */
    Target check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("only http and https URLs can be fetched");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("a URL with user:password@ is refused: send credentials in a header");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new Refused("the URL has no host");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        if (grantAll) {
            return new Target(host, port, true);
        }
        if (host.startsWith("[") || host.contains(":")) {
            throw new Refused(host + " is an IPv6 address: tk.fetch reaches IPv4 addresses only");
        }
        if (Ipv4Cidr.isAddress(host)) {
            int ip = Ipv4Cidr.parse(host).network();
            Optional<String> why = forbidden(host, ip);
            if (why.isPresent()) {
                throw new Refused(host + " is " + why.get() + ": no setting allows it");
            }
            if (grants.stream().noneMatch(g -> g.allowsAddress(ip, port))) {
                throw new Refused(host + ":" + port + " is not in " + granted() + "; adding " + host + ":" + port
                        + " (or a network around it, such as " + host.substring(0, host.lastIndexOf('.')) + ".0/24:"
                        + port + ") to " + SETTING + " would allow it");
            }
            return new Target(host, port, true);
        }
        if (grants.stream().noneMatch(g -> g.allowsName(host, port))) {
            throw new Refused(host + ":" + port + " is not in " + granted() + "; adding " + FetchGrant.hostKey(host)
                    + ":" + port + " to " + SETTING + " would allow it");
        }
        return new Target(host, port, false);
    }

    /** The second check, on each address a granted name resolved to. */
    void checkResolved(Target target, InetAddress address) throws Refused {
        if (target.literal() || grantAll) {
            return;
        }
        String shown = target.host() + " resolves to " + address.getHostAddress();
        if (!(address instanceof Inet4Address)) {
            throw new Refused(shown + ", an IPv6 address: tk.fetch reaches IPv4 addresses only");
        }
        int ip = Ipv4Cidr.parse(address.getHostAddress()).network();
        Optional<String> why = forbidden(address.getHostAddress(), ip);
        if (why.isPresent()) {
            throw new Refused(shown + ", " + why.get() + ": refused, and no setting allows it");
        }
        if (PRIVATE.stream().anyMatch(n -> FetchGrant.contains(n, ip))
                && grants.stream().noneMatch(g -> g.allowsAddress(ip, target.port()))) {
            throw new Refused(shown + ", a private address that a name grant does not cover (a name could be made to"
                    + " point anywhere); adding " + address.getHostAddress() + ":" + target.port() + " to " + SETTING
                    + " would allow it");
        }
    }

    /** Whether the address is reached outside the tunnel (FIREWALL_OUTBOUND_SUBNETS). */
    boolean onLan(InetAddress address) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        int ip = Ipv4Cidr.parse(address.getHostAddress()).network();
        return lan.stream().anyMatch(n -> FetchGrant.contains(n, ip));
    }

    private String granted() {
        return grants.isEmpty() ? SETTING + " (empty: no calls allowed)"
                : SETTING + " (" + String.join(",", grants.stream().map(FetchGrant::toString).toList()) + ")";
    }

    private static Optional<String> forbidden(String text, int ip) {
        int first = ip >>> 24;
        if (first == 127) {
            return Optional.of("a loopback address (this machine)");
        }
        if (first == 0) {
            return Optional.of("an unspecified address");
        }
        if ((ip & 0xffff0000) == 0xa9fe0000) {
            return Optional.of("a link-local address (169.254.0.0/16, where cloud metadata services answer)");
        }
        if (first >= 224) {
            return Optional.of("a multicast or reserved address");
        }
        try {
            if (NetworkInterface.getByInetAddress(InetAddress.getByName(text)) != null) {
                return Optional.of("an address of this machine (its control API, health server and resolver live there)");
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            return Optional.of("an address whose owner cannot be checked");
        }
        return Optional.empty();
    }
}
