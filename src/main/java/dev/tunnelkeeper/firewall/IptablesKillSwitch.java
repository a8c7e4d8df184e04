package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.KillSwitch;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kill switch on iptables. Every change rebuilds the whole filter table from the {@link RulePlan} and replaces
 * it with one iptables-restore transaction per IP family, so swapping the endpoint never leaves a moment with two
 * endpoints or none, and a failed change leaves the previous rules in place (fail closed, never open).
 * On shutdown the rules stay: the container is going away, and nothing may leak meanwhile.
 */
public final class IptablesKillSwitch implements KillSwitch {
    private static final Log LOG = Log.of("firewall");

    private final FirewallSettings settings;
    private final NetworkFacts network;
    private final IptablesRestore restore;
    private final List<IpFamily> families;
    private final Map<IpFamily, RuleSet> inPlace = new EnumMap<>(IpFamily.class);
    private FirewallState state = FirewallState.INITIAL;

    /**
     * @param manageIpv6 false only where the kernel has no IPv6 at all: then no IPv6 traffic can leak either
     */
    public IptablesKillSwitch(FirewallSettings settings, NetworkFacts network, IptablesRestore restore, boolean manageIpv6) {
        this.settings = settings;
        this.network = network;
        this.restore = restore;
        this.families = manageIpv6 ? List.of(IpFamily.IPV4, IpFamily.IPV6) : List.of(IpFamily.IPV4);
    }

    /** Puts the rules in place before the first connect: nothing but the configured exceptions may pass. */
    public synchronized void enable() throws FirewallException {
        change(state);
        LOG.info("kill switch on (" + String.join(", ", families.stream().map(IpFamily::tool).toList()) + "): "
                + "default interface " + network.defaultInterface()
                + ", local subnets " + network.localSubnets().stream().map(l -> l.subnet() + " on " + l.iface()).toList()
                + ", outbound subnets " + settings.outboundSubnets()
                + ", input ports " + settings.inputPorts()
                + ", VPN input ports " + settings.vpnInputPorts());
    }

    @Override
    public synchronized void allowEndpoint(Endpoint endpoint) throws FirewallException {
        if (!Ipv4Cidr.isAddress(endpoint.ip())) {
            throw new FirewallException("cannot allow VPN endpoint " + endpoint + ": the kill switch supports IPv4 endpoint "
                    + "addresses only (no IPv6, no host names) for now; nothing was changed");
        }
        if (endpoint.port() < 1 || endpoint.port() > 65535) {
            throw new FirewallException("cannot allow VPN endpoint " + endpoint + ": port out of range 1-65535; nothing was changed");
        }
        boolean same = state.endpoint().filter(endpoint::equals).isPresent();
        String replaced = state.endpoint().map(e -> " (replaces " + e + " in the same transaction)").orElse("");
        change(state.withEndpoint(endpoint));
        if (!same) {
            LOG.info("kill switch: VPN endpoint " + endpoint + " allowed out on " + network.defaultInterface() + replaced);
        }
    }

    @Override
    public synchronized void tunnelUp(String iface) throws FirewallException {
        if (!InterfaceNames.isPlain(iface)) {
            throw new FirewallException("cannot open tunnel interface \"" + iface + "\": not a plain interface name; nothing was changed");
        }
        if (iface.equals(network.defaultInterface())) {
            // Allowing everything on the default interface would switch the kill switch off.
            throw new FirewallException("cannot open tunnel interface " + iface + ": it is the default interface; nothing was changed");
        }
        change(state.withTunnelUp(iface));
        LOG.debug("kill switch: traffic allowed on " + iface
                + (settings.vpnInputPorts().isEmpty() ? "" : ", input ports " + settings.vpnInputPorts() + " on it"));
    }

    @Override
    public synchronized void forwardedPorts(List<Integer> ports) throws FirewallException {
        if (ports.equals(state.forwardedPorts())) {
            return;
        }
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new FirewallException("cannot open forwarded port " + port + ": out of range 1-65535; nothing was changed");
            }
        }
        change(state.withForwardedPorts(ports));
        LOG.info(ports.isEmpty() ? "kill switch: forwarded port closed"
                : "kill switch: forwarded port " + ports + " accepted in on the VPN interface while it is up");
    }

    @Override
    public synchronized void dnsLookups(List<java.net.InetSocketAddress> nameservers) throws FirewallException {
        if (nameservers.equals(state.dnsLookups())) {
            return;
        }
        for (java.net.InetSocketAddress nameserver : nameservers) {
            if (!(nameserver.getAddress() instanceof java.net.Inet4Address)) {
                throw new FirewallException("cannot let DNS out to " + nameserver + ": the kill switch supports IPv4 "
                        + "nameservers only; nothing was changed");
            }
        }
        change(state.withDnsLookups(nameservers));
        LOG.debug(nameservers.isEmpty() ? "kill switch: DNS to the start's nameservers closed again"
                : "kill switch: DNS to " + nameservers + " allowed out on " + network.defaultInterface() + " for one lookup");
    }

    @Override
    public synchronized void tunnelDown(String iface) throws FirewallException {
        if (state.tunnelInterface().isEmpty()) {
            return;
        }
        change(state.withTunnelDown());
        LOG.debug("kill switch: " + iface + " closed; only VPN endpoint "
                + state.endpoint().map(Endpoint::toString).orElse("none") + " may leave");
    }

    /**
     * Reads the rules in the kernel back and, for each family where they are not exactly the plan's (an admin's
     * {@code iptables -F}, a policy set to ACCEPT, a rule added by some other script), replaces them with the plan's.
     * Without this the kill switch would never notice: {@link #change} skips tables it believes are in place.
     *
     * @return what was found changed and put back; empty when everything was in place
     * @throws FirewallException when the rules cannot be read or put back; they may then be open
     */
    @Override
    public synchronized Optional<String> restoreIfChanged() throws FirewallException {
        RulePlan plan = new RulePlan(settings, network, state);
        List<String> restored = new ArrayList<>();
        for (IpFamily family : families) {
            RuleSet rules = rulesOf(plan, family);
            List<String> found = restore.inPlace(family);
            if (found.equals(rules.listing())) {
                continue;
            }
            String difference = family.tool() + " " + difference(rules.listing(), found);
            try {
                apply(rules);
            } catch (FirewallException e) {
                throw new FirewallException(difference + "; putting the kill switch's rules back failed: " + e.getMessage(), e);
            }
            restored.add(difference);
        }
        return restored.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", restored));
    }

    // "2 rules missing (first: -P OUTPUT DROP), 1 rule not ours (first: -P OUTPUT ACCEPT)": enough to recognise the culprit.
    private static String difference(List<String> expected, List<String> found) {
        List<String> missing = expected.stream().filter(line -> !found.contains(line)).toList();
        List<String> extra = found.stream().filter(line -> !expected.contains(line)).toList();
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(count(missing.size()) + " missing (first: " + missing.get(0) + ")");
        }
        if (!extra.isEmpty()) {
            parts.add(count(extra.size()) + " not ours (first: " + extra.get(0) + ")");
        }
        return parts.isEmpty() ? "rules in another order" : String.join(", ", parts);
    }

    private static String count(int n) {
        return n + (n == 1 ? " rule" : " rules");
    }

    /** The plan whose rules are in place now. */
    public synchronized RulePlan plan() {
        return new RulePlan(settings, network, state);
    }

    /**
     * Replaces each family's table whose rules differ. If a later family fails, the earlier ones are put back, so
     * the state stays whole: either the change is fully in place or the previous rules are.
     */
    private void change(FirewallState next) throws FirewallException {
        RulePlan plan = new RulePlan(settings, network, next);
        List<IpFamily> changed = new ArrayList<>();
        for (IpFamily family : families) {
            RuleSet rules = rulesOf(plan, family);
            if (rules.equals(inPlace.get(family))) {
                continue;
            }
            try {
                apply(rules);
            } catch (FirewallException e) {
                throw new FirewallException(e.getMessage() + rollBack(changed), e);
            }
            changed.add(family);
        }
        state = next;
    }

    private String rollBack(List<IpFamily> changed) {
        StringBuilder outcome = new StringBuilder("; the rules in place are unchanged");
        RulePlan previous = new RulePlan(settings, network, state);
        for (IpFamily family : changed) {
            try {
                apply(rulesOf(previous, family));
            } catch (FirewallException e) {
                outcome = new StringBuilder("; putting the previous " + family.tool() + " rules back failed too: "
                        + e.getMessage() + " (the new " + family.tool() + " rules stay)");
            }
        }
        return outcome.toString();
    }

    private static RuleSet rulesOf(RulePlan plan, IpFamily family) {
        return family == IpFamily.IPV4 ? plan.ipv4() : plan.ipv6();
    }

    private void apply(RuleSet rules) throws FirewallException {
        long started = System.nanoTime();
        restore.apply(rules);
        inPlace.put(rules.family(), rules);
        if (LOG.debugEnabled()) {
            LOG.debug(rules.family().tool() + " rules replaced in " + (System.nanoTime() - started) / 1_000_000 + " ms:\n"
                    + rules.restoreInput());
        }
    }
}
