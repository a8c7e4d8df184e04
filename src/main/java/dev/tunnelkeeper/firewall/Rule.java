package dev.tunnelkeeper.firewall;

/**
 * One rule of the filter table. {@code spec} is written in the canonical form that {@code iptables -S} prints
 * (-s, -d, -i, -o, -p, then matches, then -j), so a rule read back from the kernel compares equal as text.
 */
public record Rule(Chain chain, String spec) {
    /** The line as iptables-restore takes it and iptables -S prints it. */
    public String line() {
        return "-A " + chain + " " + spec;
    }
}
