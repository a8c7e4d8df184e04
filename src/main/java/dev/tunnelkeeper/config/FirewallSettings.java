package dev.tunnelkeeper.config;

import java.util.List;

/**
 * The kill switch settings, parsed and validated (see dev.tunnelkeeper.firewall.FirewallSettingsParser).
 *
 * @param enabled         FIREWALL; false means no kill switch at all (a loud warning is logged)
 * @param outboundSubnets FIREWALL_OUTBOUND_SUBNETS: IPv4 CIDRs written as iptables prints them
 *                        (192.168.1.0/24, 10.0.0.5/32), reachable outside the tunnel through the default interface
 * @param inputPorts      FIREWALL_INPUT_PORTS: accepted in (tcp and udp) on the default interface
 * @param vpnInputPorts   FIREWALL_VPN_INPUT_PORTS: accepted in (tcp and udp) on the VPN interface while it is up
 */
public record FirewallSettings(boolean enabled, List<String> outboundSubnets, List<Integer> inputPorts,
                               List<Integer> vpnInputPorts) {
    /** FIREWALL=on and nothing else allowed: what an empty environment gives. */
    public static final FirewallSettings DEFAULTS = new FirewallSettings(true, List.of(), List.of(), List.of());

    public FirewallSettings {
        outboundSubnets = List.copyOf(outboundSubnets);
        inputPorts = List.copyOf(inputPorts);
        vpnInputPorts = List.copyOf(vpnInputPorts);
    }
}
