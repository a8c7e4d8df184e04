package dev.tunnelkeeper.firewall;

import java.util.regex.Pattern;

/**
 * An IPv4 network, normalized the way iptables prints it: host bits cleared and the prefix always written
 * (192.168.1.7/24 becomes 192.168.1.0/24, 10.0.0.5 becomes 10.0.0.5/32), so a planned rule reads back identically.
 */
public record Ipv4Cidr(int network, int prefix) {
    // No leading zeros: "010" means 8 to some tools and 10 to others.
    private static final Pattern ADDRESS = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    public Ipv4Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix length " + prefix + " is out of range 0-32");
        }
        network &= mask(prefix);
    }

    /** Parses "a.b.c.d" (a /32) or "a.b.c.d/n". */
    public static Ipv4Cidr parse(String text) {
        String[] parts = text.strip().split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("\"" + text + "\" has more than one '/'");
        }
        int prefix = 32;
        if (parts.length == 2) {
            if (!parts[1].matches("\\d{1,2}")) {
                throw new IllegalArgumentException("\"" + parts[1] + "\" is not a prefix length");
            }
            prefix = Integer.parseInt(parts[1]);
        }
        return new Ipv4Cidr(address(parts[0]), prefix);
    }

    public static Ipv4Cidr of(String address, int prefix) {
        return new Ipv4Cidr(address(address), prefix);
    }

    public static boolean isAddress(String text) {
        return ADDRESS.matcher(text).matches();
    }

    static int address(String text) {
        if (!isAddress(text)) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        int value = 0;
        for (String octet : text.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }

    /** Whether every address of {@code other} is in this network (a network contains itself). */
    public boolean contains(Ipv4Cidr other) {
        return other.prefix >= prefix && (other.network & mask(prefix)) == network;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    @Override
    public String toString() {
        return (network >>> 24) + "." + ((network >>> 16) & 0xff) + "." + ((network >>> 8) & 0xff) + "."
                + (network & 0xff) + "/" + prefix;
    }
}
