package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FIREWALL_OUTBOUND_SUBNETS need a route as well as a rule: the tunnel's routes (OpenVPN's 0/1 + 128/1, WireGuard's
 * own table) would otherwise carry those subnets into the tunnel. A more specific route through the default gateway
 * wins over both (WireGuard's rules let main-table routes more specific than /0 win), as gluetun does it.
 */
final class OutboundSubnetRoutes {
    private static final Log LOG = Log.of("firewall");

    private final CommandRunner runner;
    private final FirewallCommands commands;

    OutboundSubnetRoutes(CommandRunner runner, FirewallCommands commands) {
        this.runner = runner;
        this.commands = commands;
    }

    /** Routes each subnet through the default interface (and its gateway, when it has one). */
    void add(List<String> subnets, String wan, Optional<String> gateway) throws FirewallException {
        for (String subnet : subnets) {
            List<String> command = new ArrayList<>(commands.ip());
            command.addAll(List.of("-4", "route", "replace", subnet));
            gateway.ifPresent(gw -> command.addAll(List.of("via", gw)));
            command.addAll(List.of("dev", wan));
            CommandResult result = runner.run(command, "", commands.timeout());
            if (!result.succeeded()) {
                throw new FirewallException("cannot route FIREWALL_OUTBOUND_SUBNETS " + subnet + " outside the tunnel: "
                        + result.describe());
            }
        }
        if (!subnets.isEmpty()) {
            LOG.info("outbound subnets " + String.join(", ", subnets) + " routed through " + wan
                    + gateway.map(gw -> " via " + gw).orElse("") + ", outside the tunnel");
        }
    }
}
