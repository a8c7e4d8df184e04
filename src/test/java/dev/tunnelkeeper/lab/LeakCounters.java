package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * iptables counters on both sides of the client's link that let VPN traffic to any lab server's endpoint pass
 * uncounted (ICMP to an endpoint too: after a restart the server's packets to the old port draw a RELATED
 * port-unreachable) and count every other packet: what left the client outside the tunnel. The client's
 * counter sits in mangle POSTROUTING, which the kill switch (it replaces the filter table) leaves alone and which sees
 * what really leaves; the router's in raw PREROUTING on the client's link.
 */
public final class LeakCounters {
    private final Lab lab;

    private LeakCounters(Lab lab) {
        this.lab = lab;
    }

    /**
     * @param vpn        openvpn or wireguard: whose endpoints are VPN traffic
     * @param otherHosts addresses whose TCP leaks are counted on a line of their own, for the failure message
     */
    public static LeakCounters install(Lab lab, String vpn, String... otherHosts) {
        return install(lab, vpn, List.of(), otherHosts);
    }

    /**
     * The same, with DNS (UDP and TCP port 53) to {@code nameservers} counted apart, as "DNS", and not as a leak: for
     * the host name lookups the product makes outside the tunnel ({@link #dnsPackets()}).
     */
    public static LeakCounters installAllowingDns(Lab lab, String vpn, List<String> nameservers, String... otherHosts) {
        return install(lab, vpn, nameservers, otherHosts);
    }

    private static LeakCounters install(Lab lab, String vpn, List<String> nameservers, String... otherHosts) {
        List<String> dns = new ArrayList<>();
        for (String nameserver : nameservers) {
            dns.add("-d " + nameserver + " -p udp --dport 53");
            dns.add("-d " + nameserver + " -p tcp --dport 53");
        }
        List<String> allow = new ArrayList<>();
        for (int i = 1; i <= lab.serverCount(); i++) {
            Endpoint e = vpn.equals("openvpn") ? lab.openVpnEndpoint(i) : lab.wireGuardEndpoint(i);
            allow.add("-d " + e.ip() + " -p udp --dport " + e.port());
            allow.add("-d " + e.ip() + " -p icmp");
        }
        List<String> kinds = new ArrayList<>(List.of("-p tcp -d " + LabAddresses.TARGET_IP));
        for (String host : otherHosts) {
            kinds.add("-p tcp -d " + host);
        }
        kinds.addAll(List.of("-p tcp", "-p udp --dport 53", "-p udp", "-p icmp"));
        LeakCounters counters = new LeakCounters(lab);
        counters.chain(lab.clientNamespace(), "mangle", "POSTROUTING", "-o eth0", allow, dns, kinds);
        counters.chain(lab.routerNamespace(), "raw", "PREROUTING", "-i l-cli", allow, dns, kinds);
        return counters;
    }

    private void chain(String ns, String table, String hook, String match, List<String> allow, List<String> dns,
                       List<String> kinds) {
        lab.exec(ns, "iptables", "-t", table, "-N", "TKLEAK");
        lab.exec(ns, ("iptables -t " + table + " -A " + hook + " " + match + " -j TKLEAK").split(" "));
        for (String rule : allow) {
            lab.exec(ns, ("iptables -t " + table + " -A TKLEAK " + rule + " -m comment --comment VPN -j RETURN").split(" "));
        }
        for (String rule : dns) {
            lab.exec(ns, ("iptables -t " + table + " -A TKLEAK " + rule + " -m comment --comment DNS -j RETURN").split(" "));
        }
        // What a leak is, broken down for the failure message (each rule only counts; LEAK below counts them all).
        for (String kind : kinds) {
            lab.exec(ns, ("iptables -t " + table + " -A TKLEAK " + kind).split(" "));
        }
        lab.exec(ns, "iptables", "-t", table, "-A", "TKLEAK", "-m", "comment", "--comment", "LEAK", "-j", "RETURN");
    }

    /**
     * Counts, in the client's mangle OUTPUT (which sees every packet the client sends, loopback included, before the
     * kill switch's filter table can drop it), the packets matching each rule, by name: a call refused before it was
     * sent shows 0 however the firewall would have treated it. Read with {@link #packets(String)}.
     *
     * @param rules name to iptables match, such as {@code "META" -> "-d 169.254.169.254"}
     */
    public static LeakCounters destinations(Lab lab, java.util.Map<String, String> rules) {
        String ns = lab.clientNamespace();
        lab.exec(ns, "iptables", "-t", "mangle", "-N", "TKDEST");
        lab.exec(ns, "iptables", "-t", "mangle", "-I", "OUTPUT", "-j", "TKDEST");
        rules.forEach((name, match) -> lab.exec(ns, ("iptables -t mangle -A TKDEST " + match
                + " -m comment --comment " + name).split(" ")));
        return new LeakCounters(lab);
    }

    /** The packets counted under {@code name} by {@link #destinations}. */
    public long packets(String name) {
        return counter(lab.exec(lab.clientNamespace(), "iptables", "-t", "mangle", "-L", "TKDEST", "-v", "-n", "-x"), name);
    }

    /** Packets that left the client's namespace outside the tunnel. */
    public long leftClient() {
        return counter(lab.clientNamespace(), "mangle", "LEAK");
    }

    /** Packets that reached the router from the client outside the tunnel. */
    public long arrivedRouter() {
        return counter(lab.routerNamespace(), "raw", "LEAK");
    }

    /** The VPN packets to the endpoints: proof that the counters see the traffic. */
    public long vpnPackets() {
        return counter(lab.clientNamespace(), "mangle", "VPN");
    }

    /** DNS packets to the allowed nameservers that left the client ({@link #installAllowingDns}). */
    public long dnsPackets() {
        return counter(lab.clientNamespace(), "mangle", "DNS");
    }

    /** Both chains with their counters, for a failure message. */
    public String detail() {
        return "\nclient:\n" + listing(lab.clientNamespace(), "mangle") + "router:\n" + listing(lab.routerNamespace(), "raw");
    }

    private String listing(String ns, String table) {
        return lab.exec(ns, "iptables", "-t", table, "-L", "TKLEAK", "-v", "-n", "-x");
    }

    private long counter(String ns, String table, String comment) {
        return counter(listing(ns, table), comment);
    }

    private static long counter(String listing, String comment) {
        long total = 0;
        boolean found = false;
        for (String line : listing.lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (line.contains("/* " + comment + " */") && f[0].matches("\\d+")) {
                total += Long.parseLong(f[0]);
                found = true;
            }
        }
        assertTrue(found, "no " + comment + " counter in:\n" + listing);
        return total;
    }
}
