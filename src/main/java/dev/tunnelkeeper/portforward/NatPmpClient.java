package dev.tunnelkeeper.portforward;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * A blocking NAT-PMP client over UDP (RFC 6886 3.1): each request is sent, then sent again after 250 ms, 500 ms,
 * 1 s, ... up to {@code attempts} sends; packets that are not the answer to this request (a late duplicate answer to
 * an earlier one, another opcode, another internal port) are ignored, not taken for it.
 * RFC 6886 allows up to nine sends (about 64 s); fewer are used here because a renewal must finish well inside a
 * 60 s lease, and the caller retries.
 */
public final class NatPmpClient {
    public static final Duration FIRST_WAIT = Duration.ofMillis(250);
    public static final int DEFAULT_ATTEMPTS = 4;

    private final int attempts;
    private final Duration firstWait;

    public NatPmpClient() {
        this(DEFAULT_ATTEMPTS, FIRST_WAIT);
    }

    public NatPmpClient(int attempts, Duration firstWait) {
        this.attempts = attempts;
        this.firstWait = firstWait;
    }

    public NatPmp.ExternalAddress externalAddress(InetSocketAddress gateway) throws IOException, NatPmp.ResultException {
        return exchange(gateway, NatPmp.externalAddressRequest(), "external address request",
                (p, n) -> NatPmp.externalAddressResponse(p, n));
    }

    public NatPmp.Mapping map(InetSocketAddress gateway, NatPmp.Protocol protocol, int internalPort, int externalPort,
                              Duration lifetime) throws IOException, NatPmp.ResultException {
        return exchange(gateway, NatPmp.mappingRequest(protocol, internalPort, externalPort, lifetime),
                protocol.id() + " mapping request", (p, n) -> NatPmp.mappingResponse(p, n, protocol, internalPort));
    }

    @FunctionalInterface
    private interface Reader<T> {
        Optional<T> read(byte[] packet, int length) throws NatPmp.ResultException;
    }

    private <T> T exchange(InetSocketAddress gateway, byte[] request, String what, Reader<T> reader)
            throws IOException, NatPmp.ResultException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(gateway); // only the gateway's answers are received
            byte[] buffer = new byte[64];
            long wait = firstWait.toMillis();
            for (int attempt = 1; attempt <= attempts; attempt++, wait *= 2) {
                socket.send(new DatagramPacket(request, request.length));
                long deadline = System.nanoTime() + wait * 1_000_000;
                while (true) {
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    if (left <= 0) {
                        break;
                    }
                    socket.setSoTimeout((int) left);
                    DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(answer);
                    } catch (SocketTimeoutException e) {
                        break;
                    } catch (java.net.PortUnreachableException e) {
                        throw new IOException(what + " to " + describe(gateway) + ": nothing listens there (port unreachable)");
                    }
                    Optional<T> result = reader.read(answer.getData(), answer.getLength());
                    if (result.isPresent()) {
                        return result.get();
                    }
                }
            }
            throw new IOException(what + " to " + describe(gateway) + ": no answer after " + attempts + " sends");
        }
    }

    private static String describe(InetSocketAddress gateway) {
        return gateway.getAddress().getHostAddress() + ":" + gateway.getPort();
    }
}
