package dev.tunnelkeeper.scripting;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One {@code tk.fetch} call as the host carries it: the request a hook made, and what came back. */
final class FetchExchange {
    /** Responses are cut here; the answer says so ({@code truncated}). */
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private FetchExchange() {
    }

    /** @param body empty for none */
    record Request(URI uri, String method, Map<String, String> headers, Optional<String> body, Duration timeout) {
        Request {
            headers = Map.copyOf(headers);
        }
    }

    record Response(int status, Map<String, String> headers, String body, boolean truncated) {
        Response {
            headers = Map.copyOf(headers);
        }
    }

    /** Sends one request to an address already checked: it never resolves a name itself, and never follows a redirect. */
    interface Transport {
        Response send(Request request, InetAddress address, int port) throws java.io.IOException;
    }

    /** Names to addresses: the system's resolver in the product (the local DNS, through the tunnel). */
    interface Resolver {
        InetAddress[] resolve(String host) throws java.net.UnknownHostException;

        Resolver SYSTEM = InetAddress::getAllByName;
    }
}
