package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.vpn.Endpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands that configure a WireGuard interface and route everything through it, as data. Routing is
 * wg-quick's (and gluetun's): the tunnel's own packets carry fwmark 51820 and use the main table; everything else
 * looks up table 51820, whose default route is the tunnel. Unlike a /32 for the endpoint via the old gateway plus
 * two /1 routes, it needs no knowledge of the gateway, survives a gateway change, and works for any endpoint.
 * The suppress_prefixlength rule lets the main table's specific routes (the LAN, the outbound subnets) still win.
 */
final class WireGuardPlan {
    static final int FWMARK = 51820;
    static final int TABLE = 51820;
    static final int SUPPRESS_RULE_PREF = 100;
    static final int TUNNEL_RULE_PREF = 101;
    /** Used until the first handshake when keepalive is off: it makes the handshake happen at once. */
    static final Duration READINESS_KEEPALIVE = Duration.ofSeconds(25);

    /**
     * A change and the line that undoes it, as lines of {@code ip -4 -batch} ({@link IpBatch}; rules outlive the
     * interface, routes in its table do not).
     */
    record Change(String apply, String undo) {
    }

    private WireGuardPlan() {
    }

    /** Keys are passed as file paths, never on the command line. */
    static List<String> configure(String iface, String peerPublicKey, Endpoint endpoint, Path privateKeyFile,
                                  Optional<Path> presharedKeyFile, Duration keepalive, List<String> allowedIps) {
        List<String> command = new ArrayList<>(List.of("wg", "set", iface, "private-key", privateKeyFile.toString(),
                "fwmark", String.valueOf(FWMARK), "peer", peerPublicKey));
        presharedKeyFile.ifPresent(file -> command.addAll(List.of("preshared-key", file.toString())));
        Duration interval = keepalive.isZero() ? READINESS_KEEPALIVE : keepalive;
        command.addAll(List.of("endpoint", endpointText(endpoint), "allowed-ips", String.join(",", allowedIps),
                "persistent-keepalive", String.valueOf(Math.max(1, interval.toSeconds()))));
        return command;
    }

    static List<String> keepaliveOff(String iface, String peerPublicKey) {
        return List.of("wg", "set", iface, "peer", peerPublicKey, "persistent-keepalive", "off");
    }

    /** An {@code ip -4 -batch} line. */
    static String addAddress(String iface, String cidr) {
        return "addr add " + cidr + " dev " + iface;
    }

    /** An {@code ip -4 -batch} line. */
    static String linkUp(String iface, int mtu) {
        return "link set " + iface + " mtu " + mtu + " up";
    }

    /** An {@code ip -4 -batch} line: the interface goes (undoing a kernel link, or one wireguard-go left behind). */
    static String linkDelete(String iface) {
        return "link del " + iface;
    }

    static List<String> latestHandshakes(String iface) {
        return List.of("wg", "show", iface, "latest-handshakes");
    }

    /**
     * One route per allowed network in the tunnel's table (0.0.0.0/0 is its default route), then the two rules. With
     * WIREGUARD_ALLOWED_IPS narrower than everything, a destination outside those networks finds no route in the
     * tunnel's table and falls through to the main table, out of the default interface, where the kill switch refuses
     * it: only the allowed networks are reachable, as in gluetun.
     */
    static List<Change> routing(String iface, List<String> allowedIps) {
        String suppress = "table main suppress_prefixlength 0 pref " + SUPPRESS_RULE_PREF;
        String tunnel = "not fwmark " + FWMARK + " table " + TABLE + " pref " + TUNNEL_RULE_PREF;
        List<Change> changes = new ArrayList<>();
        for (String cidr : allowedIps) {
            String route = (cidr.equals("0.0.0.0/0") ? "default" : cidr) + " dev " + iface + " table " + TABLE;
            changes.add(new Change("route add " + route, "route del " + route));
        }
        changes.add(new Change("rule add " + suppress, "rule del " + suppress));
        changes.add(new Change("rule add " + tunnel, "rule del " + tunnel));
        return changes;
    }

    /**
     * How long to wait before the next {@code latest-handshakes} poll after {@code polls} unanswered ones: 5 ms,
     * doubling to 100 ms. A lab handshake lands a few ms after the peer is set, so a flat 100 ms poll added ~100 ms
     * to every restart (bench/restart.sh); a dead server still costs only ~10 forks a second.
     */
    static java.time.Duration handshakePollDelay(int polls) {
        return java.time.Duration.ofMillis(Math.min(100, 5L << Math.min(polls, 5)));
    }

    /** Whether any peer has completed a handshake, from {@code wg show <if> latest-handshakes}. */
    static boolean handshakeDone(String latestHandshakes) {
        return latestHandshakes.lines().map(l -> l.strip().split("\\s+"))
                .anyMatch(f -> f.length == 2 && !f[1].equals("0"));
    }

    static boolean isIpv4(String cidr) {
        return !cidr.contains(":");
    }

    private static String endpointText(Endpoint endpoint) {
        return (endpoint.ip().contains(":") ? "[" + endpoint.ip() + "]" : endpoint.ip()) + ":" + endpoint.port();
    }
}
