package dev.tunnelkeeper.health;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

/** How the health check turns its target's name into an address. */
@FunctionalInterface
public interface NameLookup {
    /**
     * @throws LookupFailure with Go's wording after {@code lookup}, e.g. {@code lookup cloudflare.com on 127.0.0.1:53: no such host}
     */
    InetAddress lookup(String host, Duration timeout) throws LookupFailure;

    /** The JVM's resolver (the system's configuration); an address literal needs no lookup. */
    NameLookup SYSTEM = (host, timeout) -> {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new LookupFailure("lookup " + host + ": no such host", ErrorKind.DNS);
        }
    };

    /** Why a name did not resolve, worded like Go's resolver errors. */
    final class LookupFailure extends Exception {
        private final ErrorKind kind;

        public LookupFailure(String message, ErrorKind kind) {
            super(message);
            this.kind = kind;
        }

        public ErrorKind kind() {
            return kind;
        }
    }
}
