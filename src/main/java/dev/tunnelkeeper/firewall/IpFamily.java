package dev.tunnelkeeper.firewall;

/** Which of the two rule sets: iptables (IPv4) or ip6tables (IPv6). */
public enum IpFamily {
    IPV4("iptables"), IPV6("ip6tables");

    private final String tool;

    IpFamily(String tool) {
        this.tool = tool;
    }

    /** The listing command's name, as users type it: iptables or ip6tables. */
    public String tool() {
        return tool;
    }
}
