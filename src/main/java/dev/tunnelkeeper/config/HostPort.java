package dev.tunnelkeeper.config;

/**
 * An address as Go writes it: {@code host:port}, {@code :port} (every interface), {@code [::1]:port}.
 * The host may be empty (listen on every interface) or a name.
 */
public record HostPort(String host, int port) {

    /** Parses {@code host:port}; with {@code defaultPort} > 0 a missing port is filled in (gluetun adds 443 to health targets). */
    public static HostPort parse(String text, int defaultPort) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ] in IPv6 address");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else {
                throw new IllegalArgumentException("unexpected text after ]");
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, as in [::1]:443");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            port = colon < 0 ? null : s.substring(colon + 1);
        }
        if (port == null) {
            if (defaultPort <= 0) {
                throw new IllegalArgumentException("missing port");
            }
            return new HostPort(host, defaultPort);
        }
        return new HostPort(host, parsePort(port));
    }

    static int parsePort(String text) {
        int p;
        try {
            p = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + text + "' is not a number");
        }
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port " + p + " is out of range 1-65535");
        }
        return p;
    }

    /** The host to bind a listener to: empty means every interface. */
    public String bindHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
