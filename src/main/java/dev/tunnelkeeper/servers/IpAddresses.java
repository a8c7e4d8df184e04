package dev.tunnelkeeper.servers;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Strict IP literal checks that never resolve a name (the JDK's parsers fall back to DNS). */
final class IpAddresses {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    // Starts with a hex digit or ':' and has a ':': the JDK then parses it as an IPv6 literal and never looks it up.
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    private IpAddresses() {
    }

    static boolean isIpv4(String text) {
        return IPV4.matcher(text).matches();
    }

    static boolean isIp(String text) {
        return isIpv4(text) || isIpv6(text);
    }

    private static boolean isIpv6(String text) {
        if (!text.contains(":") || !IPV6_CHARS.matcher(text).matches()) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
