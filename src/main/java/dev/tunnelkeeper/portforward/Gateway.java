package dev.tunnelkeeper.portforward;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the port forwarding loop needs from a NAT-PMP gateway: a lease on one port, UDP and TCP. Never blocks. */
public interface Gateway {

    /**
     * Asks {@code gateway} (an IPv4 address inside the tunnel) for the external address, when {@code request} says
     * so, then maps UDP and then TCP. Completes with what was granted, or exceptionally with why not.
     */
    CompletableFuture<Lease> lease(String gateway, Request request);

    /** One mapping request, sent for UDP and for TCP. */
    record Request(int internalPort, int externalPort, Duration lifetime, boolean askExternalAddress) {
    }

    /** Both mappings granted, and the external address when it was asked. */
    record Lease(Optional<String> externalAddress, NatPmp.Mapping udp, NatPmp.Mapping tcp) {
        /** The shorter of the two lifetimes: the lease lasts as long as both mappings do. */
        public Duration lifetime() {
            return udp.lifetime().compareTo(tcp.lifetime()) < 0 ? udp.lifetime() : tcp.lifetime();
        }
    }
}
