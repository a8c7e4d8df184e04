package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RulePlanTest {
    static final NetworkFacts DOCKER = new NetworkFacts("eth0",
            List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("172.17.0.0/16"))));
    static final Endpoint UDP_SERVER = new Endpoint("203.0.113.7", 1194, Protocol.UDP);
    static final Endpoint TCP_SERVER = new Endpoint("198.51.100.9", 443, Protocol.TCP);

    static final List<String> POLICIES = List.of("-P INPUT DROP", "-P FORWARD DROP", "-P OUTPUT DROP");
    static final List<String> IN_BASICS = List.of(
            "-A INPUT -i lo -j ACCEPT",
            "-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    static final List<String> OUT_BASICS = List.of(
            "-A OUTPUT -o lo -j ACCEPT",
            "-A OUTPUT ! -o eth0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT");
    static final List<String> REPLIES_FROM_8000 = List.of(
            "-A OUTPUT -o eth0 -p tcp -m tcp --sport 8000 -m conntrack --ctstate ESTABLISHED -j ACCEPT",
            "-A OUTPUT -o eth0 -p udp -m udp --sport 8000 -m conntrack --ctstate ESTABLISHED -j ACCEPT");
    static final String REJECT_TCP = "-A OUTPUT -p tcp -j REJECT --reject-with tcp-reset";

    static Stream<Arguments> ipv4Cases() {
        FirewallSettings none = FirewallSettings.DEFAULTS;
        FirewallSettings all = new FirewallSettings(true, List.of("192.168.1.0/24", "10.0.0.5/32"), List.of(8000),
                List.of(51413));
        FirewallState initial = FirewallState.INITIAL;
        return Stream.of(
                Arguments.of("before the first connect", none, DOCKER, initial,
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT"),
                                List.of("-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT"))),
                Arguments.of("udp endpoint, tunnel down", none, DOCKER, initial.withEndpoint(UDP_SERVER),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT"),
                                List.of("-A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT",
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT"))),
                Arguments.of("tcp endpoint replaces udp", none, DOCKER,
                        initial.withEndpoint(UDP_SERVER).withEndpoint(TCP_SERVER),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT"),
                                List.of("-A OUTPUT -d 198.51.100.9/32 -o eth0 -p tcp -m tcp --dport 443 -j ACCEPT",
                                        "-A OUTPUT -d 198.51.100.9/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT"))),
                Arguments.of("tunnel up", none, DOCKER, initial.withEndpoint(UDP_SERVER).withTunnelUp("tun0"),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT"),
                                List.of("-A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT",
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -o tun0 -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT"))),
                Arguments.of("tunnel down again", none, DOCKER,
                        initial.withEndpoint(UDP_SERVER).withTunnelUp("tun0").withTunnelDown(),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT"),
                                List.of("-A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT",
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT"))),
                Arguments.of("every exception, tunnel down", all, DOCKER, initial.withEndpoint(UDP_SERVER),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT",
                                        "-A INPUT -i eth0 -p tcp -m tcp --dport 8000 -j ACCEPT",
                                        "-A INPUT -i eth0 -p udp -m udp --dport 8000 -j ACCEPT"),
                                List.of(REPLIES_FROM_8000.get(0), REPLIES_FROM_8000.get(1),
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT",
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT",
                                        "-A OUTPUT -d 192.168.1.0/24 -o eth0 -j ACCEPT",
                                        "-A OUTPUT -d 10.0.0.5/32 -o eth0 -j ACCEPT"))),
                Arguments.of("every exception, tunnel up", all, DOCKER, initial.withEndpoint(UDP_SERVER).withTunnelUp("wg0"),
                        listing(List.of("-A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT",
                                        "-A INPUT -i eth0 -p tcp -m tcp --dport 8000 -j ACCEPT",
                                        "-A INPUT -i eth0 -p udp -m udp --dport 8000 -j ACCEPT",
                                        "-A INPUT -i wg0 -p tcp -m tcp --dport 51413 -j ACCEPT",
                                        "-A INPUT -i wg0 -p udp -m udp --dport 51413 -j ACCEPT"),
                                List.of(REPLIES_FROM_8000.get(0), REPLIES_FROM_8000.get(1),
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT",
                                        "-A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -o wg0 -j ACCEPT",
                                        "-A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT",
                                        "-A OUTPUT -d 192.168.1.0/24 -o eth0 -j ACCEPT",
                                        "-A OUTPUT -d 10.0.0.5/32 -o eth0 -j ACCEPT"))),
                Arguments.of("two networks, no local subnet on the default one", none,
                        new NetworkFacts("eth1", List.of(new LocalSubnet("eth0", Ipv4Cidr.parse("10.10.0.0/24")),
                                new LocalSubnet("eth2", Ipv4Cidr.parse("10.20.0.0/16")))),
                        initial.withEndpoint(TCP_SERVER),
                        listing("eth1", List.of("-A INPUT -s 10.10.0.0/24 -i eth0 -j ACCEPT",
                                        "-A INPUT -s 10.20.0.0/16 -i eth2 -j ACCEPT"),
                                List.of("-A OUTPUT -d 198.51.100.9/32 -o eth1 -p tcp -m tcp --dport 443 -j ACCEPT",
                                        "-A OUTPUT -d 198.51.100.9/32 -o eth1 -p icmp -m conntrack --ctstate RELATED -j ACCEPT",
                                        "-A OUTPUT -d 10.10.0.0/24 -o eth0 -j ACCEPT",
                                        "-A OUTPUT -d 10.20.0.0/16 -o eth2 -j ACCEPT"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipv4Cases")
    void ipv4(String name, FirewallSettings settings, NetworkFacts network, FirewallState state, List<String> expected) {
        assertEquals(expected, new RulePlan(settings, network, state).ipv4().listing());
    }

    static Stream<Arguments> ipv6Cases() {
        FirewallSettings all = new FirewallSettings(true, List.of("192.168.1.0/24"), List.of(8000), List.of(51413));
        FirewallState withEndpoint = FirewallState.INITIAL.withEndpoint(UDP_SERVER);
        return Stream.of(
                Arguments.of("nothing outside the tunnel, whatever the IPv4 exceptions", all, withEndpoint,
                        listing(List.of(), List.of())),
                Arguments.of("tunnel up", all, withEndpoint.withTunnelUp("tun0"),
                        listing(List.of("-A INPUT -i tun0 -p tcp -m tcp --dport 51413 -j ACCEPT",
                                        "-A INPUT -i tun0 -p udp -m udp --dport 51413 -j ACCEPT"),
                                List.of("-A OUTPUT -o tun0 -j ACCEPT"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipv6Cases")
    void ipv6(String name, FirewallSettings settings, FirewallState state, List<String> expected) {
        assertEquals(expected, new RulePlan(settings, DOCKER, state).ipv6().listing());
    }

    @Test
    void forwardedPortsAreAcceptedInOnTheTunnelWhileItIsUpBesideTheConfiguredOnesAndReplacedWhenTheyChange() {
        FirewallSettings vpnPort = new FirewallSettings(true, List.of(), List.of(), List.of(51413));
        FirewallState up = FirewallState.INITIAL.withEndpoint(UDP_SERVER).withTunnelUp("tun0");
        List<String> first = new RulePlan(vpnPort, DOCKER, up.withForwardedPorts(List.of(40000, 51413))).ipv4().listing();
        assertTrue(first.contains("-A INPUT -i tun0 -p tcp -m tcp --dport 51413 -j ACCEPT"), first.toString());
        assertTrue(first.contains("-A INPUT -i tun0 -p tcp -m tcp --dport 40000 -j ACCEPT"), first.toString());
        assertTrue(first.contains("-A INPUT -i tun0 -p udp -m udp --dport 40000 -j ACCEPT"), first.toString());
        assertEquals(1, first.stream().filter(r -> r.equals("-A INPUT -i tun0 -p tcp -m tcp --dport 51413 -j ACCEPT")).count(),
                "a port both configured and forwarded is accepted once");
        List<String> moved = new RulePlan(vpnPort, DOCKER, up.withForwardedPorts(List.of(41000))).ipv4().listing();
        assertTrue(moved.contains("-A INPUT -i tun0 -p tcp -m tcp --dport 41000 -j ACCEPT"));
        assertTrue(moved.stream().noneMatch(r -> r.contains("--dport 40000")), "the old port is closed");
        List<String> down = new RulePlan(vpnPort, DOCKER, up.withForwardedPorts(List.of(41000)).withTunnelDown()).ipv4().listing();
        assertTrue(down.stream().noneMatch(r -> r.contains("--dport 41000")), "nothing in while the tunnel is down");
        List<String> v6 = new RulePlan(vpnPort, DOCKER, up.withForwardedPorts(List.of(41000))).ipv6().listing();
        assertTrue(v6.contains("-A INPUT -i tun0 -p tcp -m tcp --dport 41000 -j ACCEPT"), v6.toString());
    }

    @Test
    void aHostNameLookupLetsOutOnlyDnsToTheStartsNameserversAndOnlyWhileItRuns() {
        FirewallState down = FirewallState.INITIAL.withEndpoint(UDP_SERVER);
        List<java.net.InetSocketAddress> nameservers = List.of(new java.net.InetSocketAddress("192.0.2.53", 53),
                new java.net.InetSocketAddress("198.51.100.53", 53));
        List<String> before = new RulePlan(FirewallSettings.DEFAULTS, DOCKER, down).ipv4().listing();
        List<String> during = new RulePlan(FirewallSettings.DEFAULTS, DOCKER, down.withDnsLookups(nameservers)).ipv4().listing();
        List<String> added = during.stream().filter(r -> !before.contains(r)).toList();
        assertEquals(List.of(
                "-A OUTPUT -d 192.0.2.53/32 -o eth0 -p udp -m udp --dport 53 -j ACCEPT",
                "-A OUTPUT -d 192.0.2.53/32 -o eth0 -p tcp -m tcp --dport 53 -j ACCEPT",
                "-A OUTPUT -d 198.51.100.53/32 -o eth0 -p udp -m udp --dport 53 -j ACCEPT",
                "-A OUTPUT -d 198.51.100.53/32 -o eth0 -p tcp -m tcp --dport 53 -j ACCEPT"), added);
        assertEquals(before.size() + 4, during.size(), "nothing else changes");
        assertEquals(before, new RulePlan(FirewallSettings.DEFAULTS, DOCKER,
                down.withDnsLookups(nameservers).withDnsLookups(List.of())).ipv4().listing(), "closed again after the lookup");
        assertEquals(new RulePlan(FirewallSettings.DEFAULTS, DOCKER, down).ipv6().listing(),
                new RulePlan(FirewallSettings.DEFAULTS, DOCKER, down.withDnsLookups(nameservers)).ipv6().listing(), "IPv6 stays closed");
    }

    @Test
    void restoreInputReplacesTheWholeFilterTable() {
        RuleSet rules = new RulePlan(FirewallSettings.DEFAULTS, DOCKER, FirewallState.INITIAL.withEndpoint(UDP_SERVER)).ipv4();
        assertEquals("""
                *filter
                :INPUT DROP [0:0]
                :FORWARD DROP [0:0]
                :OUTPUT DROP [0:0]
                -A INPUT -i lo -j ACCEPT
                -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A INPUT -s 172.17.0.0/16 -i eth0 -j ACCEPT
                -A OUTPUT -o lo -j ACCEPT
                -A OUTPUT ! -o eth0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
                -A OUTPUT -d 203.0.113.7/32 -o eth0 -p udp -m udp --dport 1194 -j ACCEPT
                -A OUTPUT -d 203.0.113.7/32 -o eth0 -p icmp -m conntrack --ctstate RELATED -j ACCEPT
                -A OUTPUT -d 172.17.0.0/16 -o eth0 -j ACCEPT
                -A OUTPUT -p tcp -j REJECT --reject-with tcp-reset
                COMMIT
                """, rules.restoreInput());
    }

    @Test
    void exactlyOneEndpointRuleAfterAnySequenceOfSwaps() {
        FirewallState state = FirewallState.INITIAL;
        for (Endpoint next : List.of(UDP_SERVER, TCP_SERVER, UDP_SERVER, new Endpoint("192.0.2.1", 51820, Protocol.UDP))) {
            state = state.withEndpoint(next).withTunnelUp("tun0").withTunnelDown();
            List<String> endpointRules = new RulePlan(FirewallSettings.DEFAULTS, DOCKER, state).ipv4().listing().stream()
                    .filter(line -> line.contains("--dport") && line.startsWith("-A OUTPUT")).toList();
            String proto = next.protocol().id();
            assertEquals(List.of("-A OUTPUT -d " + next.ip() + "/32 -o eth0 -p " + proto + " -m " + proto + " --dport "
                    + next.port() + " -j ACCEPT"), endpointRules);
        }
    }

    /** The full listing: policies, the basics, then these rules, and the TCP reject last in OUTPUT. */
    static List<String> listing(List<String> input, List<String> output) {
        return listing("eth0", input, output);
    }

    /** The whole listing; {@code wan} is the default interface, the one replies may not leave by unchecked. */
    static List<String> listing(String wan, List<String> input, List<String> output) {
        List<String> all = new ArrayList<>(POLICIES);
        all.addAll(IN_BASICS);
        all.addAll(input);
        OUT_BASICS.forEach(rule -> all.add(rule.replace("! -o eth0", "! -o " + wan)));
        all.addAll(output);
        all.add(REJECT_TCP);
        return all;
    }
}
