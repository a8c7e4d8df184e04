package dev.tunnelkeeper.firewall;

/** The filter table's built-in chains, in the order iptables lists them. */
public enum Chain {
    INPUT, FORWARD, OUTPUT
}
