package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FIREWALL_OUTBOUND_SUBNETS need a route as well as a rule: the tunnel's routes (OpenVPN's 0/1 + 128/1, WireGuard's
 * own table) would otherwise carry those subnets into the tunnel. A more specific route through the default gateway
 * wins over both (WireGuard's rules let main-table routes more specific than /0 win), as gluetun does it.
 * A subnet inside one the container is attached to (users often list their Docker network) already has its on-link
 * route, which wins the same way: it gets no route, since one through the gateway would replace or shadow that route
 * and cut the container off from its neighbours.
 */
final class OutboundSubnetRoutes {
    private static final Log LOG = Log.of("firewall");

    private final CommandRunner runner;
    private final FirewallCommands commands;

    OutboundSubnetRoutes(CommandRunner runner, FirewallCommands commands) {
        this.runner = runner;
        this.commands = commands;
    }

    /** Routes each subnet that is not on-link through the default interface (and its gateway, when it has one). */
    void add(List<String> subnets, String wan, Optional<String> gateway, List<LocalSubnet> onLink) throws FirewallException {
        List<String> routed = new ArrayList<>();
        for (String subnet : subnets) {
            Optional<LocalSubnet> attached = onLink.stream().filter(l -> l.subnet().contains(Ipv4Cidr.parse(subnet))).findFirst();
            if (attached.isPresent()) {
                LOG.info("outbound subnet " + subnet + " is on-link (" + attached.get().subnet() + " on "
                        + attached.get().iface() + "): its own route already keeps it outside the tunnel");
                continue;
            }
            List<String> command = new ArrayList<>(commands.ip());
            command.addAll(List.of("-4", "route", "replace", subnet));
            gateway.ifPresent(gw -> command.addAll(List.of("via", gw)));
            command.addAll(List.of("dev", wan));
            CommandResult result = commands.run(runner, command, "");
            if (!result.succeeded()) {
                throw new FirewallException("cannot route FIREWALL_OUTBOUND_SUBNETS " + subnet + " outside the tunnel: "
                        + result.describe());
            }
            routed.add(subnet);
        }
        if (!routed.isEmpty()) {
            LOG.info("outbound subnets " + String.join(", ", routed) + " routed through " + wan
                    + gateway.map(gw -> " via " + gw).orElse("") + ", outside the tunnel");
        }
    }
}
