package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the application's kill switch from the settings, and turns it on before the first VPN start. */
public final class KillSwitches {
    /** Logged (as a warning) when FIREWALL=off. */
    public static final String DISABLED_WARNING = "FIREWALL=off: the kill switch is DISABLED. Whenever the VPN is down, "
            + "starting or restarting, traffic leaves outside the tunnel through the default interface and shows your "
            + "real IP address. Set FIREWALL=on unless another firewall protects this container.";

    private static final Log LOG = Log.of("firewall");
    // Present whenever the kernel has IPv6, even where it is disabled by sysctl (ip6tables works there too).
    private static final Path IPV6_IN_KERNEL = Path.of("/proc/net/if_inet6");

    private KillSwitches() {
    }

    /**
     * The kill switch for these settings, already on: DROP policies, loopback, local subnets and the configured
     * exceptions; the supervisor then calls allowEndpoint before each connect.
     * With FIREWALL=off: {@link KillSwitch#OFF}, after logging {@link #DISABLED_WARNING}.
     *
     * @param vpnInterface VPN_INTERFACE, left out of the local subnets
     * @throws FirewallException when the network cannot be read or the rules cannot be put in place; do not start
     *                           the VPN then (fail closed)
     */
    public static KillSwitch enable(FirewallSettings settings, String vpnInterface) throws FirewallException {
        return enable(settings, vpnInterface, new OsProcessLauncher(), FirewallCommands.DEFAULTS, Files.exists(IPV6_IN_KERNEL));
    }

    static KillSwitch enable(FirewallSettings settings, String vpnInterface, CommandRunner runner, FirewallCommands commands,
                             boolean kernelHasIpv6) throws FirewallException {
        if (!settings.enabled()) {
            LOG.warn(DISABLED_WARNING);
            return KillSwitch.OFF;
        }
        if (settings.outboundSubnets().stream().anyMatch(subnet -> subnet.endsWith("/0"))) {
            LOG.warn("FIREWALL_OUTBOUND_SUBNETS contains a /0 subnet: any IPv4 traffic may leave outside the tunnel");
        }
        if (!kernelHasIpv6) {
            LOG.info("the kernel has no IPv6: only IPv4 rules are needed");
        }
        NetworkProbe probe = new NetworkProbe(runner, commands);
        NetworkFacts network = probe.probe(vpnInterface);
        IptablesKillSwitch killSwitch = new IptablesKillSwitch(settings, network, new IptablesRestore(runner, commands), kernelHasIpv6);
        killSwitch.enable();
        if (!settings.outboundSubnets().isEmpty()) {
            new OutboundSubnetRoutes(runner, commands).add(settings.outboundSubnets(), network.defaultInterface(),
                    probe.defaultGateway(network.defaultInterface()), network.localSubnets());
        }
        return killSwitch;
    }
}
