package dev.tunnelkeeper.dns;

import java.io.IOException;
import java.time.Duration;

/** A DNS server the resolver forwards to. Implementations are safe for concurrent use. */
interface Upstream {
    /**
     * Sends one query in wire format and returns the answer in wire format, within {@code timeout}.
     *
     * @throws UpstreamException with the reason in Go's words (i/o timeout, connection refused, ...)
     */
    byte[] exchange(byte[] query, Duration timeout) throws UpstreamException;

    /** How logs and errors name it: {@code 10.8.0.1:53} or {@code 1.1.1.1:853 (cloudflare-dns.com)}. */
    String name();

    /** Drops open connections (they belonged to a tunnel that went away). */
    default void reset() {
    }

    /** Why an upstream gave no answer. */
    final class UpstreamException extends Exception {
        UpstreamException(String reason) {
            super(reason);
        }

        UpstreamException(String reason, Throwable cause) {
            super(reason, cause);
        }

        /** The reason for an I/O failure, worded like Go's net errors since gluetun users search for those. */
        static UpstreamException of(String operation, IOException e) {
            if (e instanceof java.net.SocketTimeoutException) {
                return new UpstreamException(operation + ": i/o timeout", e);
            }
            String m = String.valueOf(e.getMessage());
            String lower = m.toLowerCase(java.util.Locale.ROOT);
            String reason;
            if (lower.contains("refused")) {
                reason = "connection refused";
            } else if (lower.contains("not permitted")) {
                reason = "operation not permitted";
            } else if (lower.contains("unreachable") || lower.contains("no route")) {
                reason = "network is unreachable";
            } else if (lower.contains("timed out")) {
                reason = "i/o timeout";
            } else {
                reason = m;
            }
            return new UpstreamException(operation + ": " + reason, e);
        }
    }
}
