package dev.tunnelkeeper.health;

/** What kind of failure a check hit; hooks, metrics and the healer's explanation read it. */
public enum ErrorKind {
    /** No answer within the timeout: the VPN server is not answering. */
    TIMEOUT,
    /** Connection refused: the firewall rejects it because the VPN is down (or nothing listens). */
    REFUSED,
    /** Operation not permitted: the firewall drops it because the VPN is down. */
    NOT_PERMITTED,
    /** No route to the target: the tunnel's routes are gone. */
    UNREACHABLE,
    /** The target's name did not resolve. */
    DNS,
    OTHER;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
