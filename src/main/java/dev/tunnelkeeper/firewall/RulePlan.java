package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.vpn.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kill switch's rules as data: a pure function of the settings, the network found at start and the current
 * endpoint and tunnel. Nothing here runs a command, so every rule is checked by unit tests without root.
 *
 * <p>IPv4: every chain drops by default. Allowed: loopback; replies (ESTABLISHED,RELATED) in, and out on every
 * interface but the default one; out to the one VPN
 * endpoint (ip, protocol, port) on the default interface; everything out on the tunnel while it is up; the
 * container's own subnets both ways (in: only from hosts inside them); FIREWALL_OUTBOUND_SUBNETS out on the default
 * interface; FIREWALL_INPUT_PORTS in on the default interface; FIREWALL_VPN_INPUT_PORTS and the forwarded ports in on the
 * tunnel while it is up; while a server's host name is asked again, DNS (UDP and TCP) to the nameservers the
 * container had at start. Any other outbound TCP is answered with a reset so programs fail at once with "connection refused".
 * Any other outbound UDP is left to the DROP policy: the kernel then fails the send itself with EPERM,
 * "operation not permitted" (sendto fails in under 1 ms).
 *
 * <p>Why replies may not leave by the default interface unless they belong to something allowed there: a connection
 * opened through the tunnel stays ESTABLISHED in conntrack after the tunnel goes down, and its data, retransmissions
 * and FINs then route out of the default interface, in the clear, if a plain ESTABLISHED accept lets them (gluetun's
 * rules have that hole). On the default interface only the endpoint (with its RELATED ICMP), the local and outbound
 * subnets, and replies from FIREWALL_INPUT_PORTS get out. There is no REJECT rule for UDP: the send would still fail
 * with EPERM (REJECT drops the packet) and the ICMP error it makes would also turn the next receive into "connection
 * refused", adding packets on lo and a second error for the same cause.
 *
 * <p>IPv6: endpoints are IPv4 only for now, so IPv6 gets the same defaults with nothing allowed outside the tunnel:
 * loopback, replies, and the tunnel (with FIREWALL_VPN_INPUT_PORTS) while it is up.
 */
public record RulePlan(FirewallSettings settings, NetworkFacts network, FirewallState state) {

    public RuleSet ipv4() {
        String wan = network.defaultInterface();
        Rules rules = new Rules();
        rules.basics(wan);
        for (LocalSubnet local : network.localSubnets()) {
            rules.input("-s " + local.subnet() + " -i " + local.iface() + " -j ACCEPT");
        }
        for (int port : settings.inputPorts()) {
            rules.acceptPort(wan, port);
            rules.repliesFromPort(wan, port);
        }
        state.endpoint().ifPresent(endpoint -> {
            rules.output(endpointSpec(endpoint, wan));
            // the endpoint's ICMP errors: a restarted client's old UDP port answers the server's packets with port unreachable
            rules.output("-d " + endpoint.ip() + "/32 -o " + wan + " -p icmp -m conntrack --ctstate RELATED -j ACCEPT");
        });
        // A server's host name asked again while the tunnel is down: the query to the nameservers of the start, and
        // nothing else, for the duration of the lookup.
        for (java.net.InetSocketAddress nameserver : state.dnsLookups()) {
            String ip = nameserver.getAddress().getHostAddress();
            for (String proto : List.of("udp", "tcp")) {
                rules.output("-d " + ip + "/32 -o " + wan + " -p " + proto + " -m " + proto + " --dport "
                        + nameserver.getPort() + " -j ACCEPT");
            }
        }
        rules.tunnel(state.tunnelInterface(), state.tunnelInputPorts(settings.vpnInputPorts()));
        for (LocalSubnet local : network.localSubnets()) {
            rules.output("-d " + local.subnet() + " -o " + local.iface() + " -j ACCEPT");
        }
        for (String subnet : settings.outboundSubnets()) {
            rules.output("-d " + subnet + " -o " + wan + " -j ACCEPT");
        }
        rules.rejectTcp();
        return new RuleSet(IpFamily.IPV4, rules.list);
    }

    public RuleSet ipv6() {
        Rules rules = new Rules();
        rules.basics(network.defaultInterface());
        rules.tunnel(state.tunnelInterface(), state.tunnelInputPorts(settings.vpnInputPorts()));
        rules.rejectTcp();
        return new RuleSet(IpFamily.IPV6, rules.list);
    }

    private static String endpointSpec(Endpoint endpoint, String wan) {
        String proto = endpoint.protocol().id();
        return "-d " + endpoint.ip() + "/32 -o " + wan + " -p " + proto + " -m " + proto + " --dport " + endpoint.port()
                + " -j ACCEPT";
    }

    /** Collects rules; each method is one kind of rule, written as iptables -S prints it. */
    private static final class Rules {
        final List<Rule> list = new ArrayList<>();

        void input(String spec) {
            list.add(new Rule(Chain.INPUT, spec));
        }

        void output(String spec) {
            list.add(new Rule(Chain.OUTPUT, spec));
        }

        void basics(String wan) {
            input("-i lo -j ACCEPT");
            output("-o lo -j ACCEPT");
            input("-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
            output("! -o " + wan + " -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
        }

        // Replies of connections accepted on an input port leave by the interface they came in on.
        void repliesFromPort(String iface, int port) {
            output("-o " + iface + " -p tcp -m tcp --sport " + port + " -m conntrack --ctstate ESTABLISHED -j ACCEPT");
            output("-o " + iface + " -p udp -m udp --sport " + port + " -m conntrack --ctstate ESTABLISHED -j ACCEPT");
        }

        void tunnel(Optional<String> iface, List<Integer> inputPorts) {
            iface.ifPresent(tun -> {
                output("-o " + tun + " -j ACCEPT");
                inputPorts.forEach(port -> acceptPort(tun, port));
            });
        }

        void acceptPort(String iface, int port) {
            input("-i " + iface + " -p tcp -m tcp --dport " + port + " -j ACCEPT");
            input("-i " + iface + " -p udp -m udp --dport " + port + " -j ACCEPT");
        }

        // Last in OUTPUT: only what no rule above allowed reaches it.
        void rejectTcp() {
            output("-p tcp -j REJECT --reject-with tcp-reset");
        }
    }
}
