package dev.tunnelkeeper.portforward;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/**
 * NAT-PMP (RFC 6886) packets: the requests a client sends and the responses it reads, as bytes. Pure functions, no
 * sockets. All fields are in network byte order.
 * <pre>
 * external address request (3.2):  version 0 | opcode 0
 * its response (3.2):              version 0 | opcode 128 | result (16) | epoch seconds (32) | external IPv4 (32)
 * mapping request (3.3):           version 0 | opcode 1 (UDP) or 2 (TCP) | reserved (16) | internal port (16)
 *                                  | suggested external port (16) | requested lifetime in seconds (32)
 * its response (3.3):              version 0 | opcode 128 + op | result (16) | epoch seconds (32) | internal port (16)
 *                                  | mapped external port (16) | lifetime in seconds (32)
 * </pre>
 */
public final class NatPmp {
    /** The gateway listens on this UDP port (RFC 6886 3.1). */
    public static final int PORT = 5351;
    static final int VERSION = 0;
    static final int OP_EXTERNAL_ADDRESS = 0;
    static final int RESPONSE = 128;

    private NatPmp() {
    }

    public enum Protocol {
        UDP(1), TCP(2);

        final int opcode;

        Protocol(int opcode) {
            this.opcode = opcode;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The external address response. */
    public record ExternalAddress(long epochSeconds, String address) {
    }

    /** A mapping response: what the gateway granted. */
    public record Mapping(Protocol protocol, long epochSeconds, int internalPort, int externalPort, Duration lifetime) {
    }

    /** A response whose result code is not 0 (RFC 6886 3.5). */
    public static final class ResultException extends Exception {
        private final int code;

        public ResultException(int code, String what) {
            super(what + ": the gateway answered result " + code + " (" + describe(code) + ")");
            this.code = code;
        }

        public int code() {
            return code;
        }
    }

    /** RFC 6886 3.5's names of the result codes. */
    public static String describe(int code) {
        return switch (code) {
            case 0 -> "Success";
            case 1 -> "Unsupported Version";
            case 2 -> "Not Authorized/Refused";
            case 3 -> "Network Failure";
            case 4 -> "Out of resources";
            case 5 -> "Unsupported opcode";
            default -> "unknown result code";
        };
    }

    public static byte[] externalAddressRequest() {
        return new byte[] {VERSION, OP_EXTERNAL_ADDRESS};
    }

    /**
     * @param internalPort          0 asks to delete all mappings when the lifetime is 0; some gateways (ProtonVPN's)
     *                              take 0 as "any"
     * @param suggestedExternalPort 0: no preference
     * @param lifetime              0 deletes the mapping
     */
    public static byte[] mappingRequest(Protocol protocol, int internalPort, int suggestedExternalPort, Duration lifetime) {
        checkPort(internalPort);
        checkPort(suggestedExternalPort);
        long seconds = lifetime.toSeconds();
        if (seconds < 0 || seconds > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("lifetime out of range: " + lifetime);
        }
        return ByteBuffer.allocate(12)
                .put((byte) VERSION).put((byte) protocol.opcode).putShort((short) 0)
                .putShort((short) internalPort).putShort((short) suggestedExternalPort).putInt((int) seconds)
                .array();
    }

    /**
     * Reads an external address response; empty when the packet is not one (too short, another version or opcode:
     * a late answer to another request, which a client must ignore).
     */
    public static Optional<ExternalAddress> externalAddressResponse(byte[] packet, int length) throws ResultException {
        if (length < 12 || packet[0] != VERSION || (packet[1] & 0xFF) != RESPONSE + OP_EXTERNAL_ADDRESS) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(packet, 2, length - 2);
        int result = b.getShort() & 0xFFFF;
        long epoch = b.getInt() & 0xFFFF_FFFFL;
        if (result != 0) {
            throw new ResultException(result, "external address request");
        }
        byte[] ip = new byte[4];
        b.get(ip);
        try {
            return Optional.of(new ExternalAddress(epoch, ((Inet4Address) InetAddress.getByAddress(ip)).getHostAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // four bytes are always an address
        }
    }

    /**
     * Reads a mapping response to a request for {@code protocol} and {@code internalPort}; empty when the packet is
     * not that answer (another opcode, or another internal port: a late answer to another request).
     */
    public static Optional<Mapping> mappingResponse(byte[] packet, int length, Protocol protocol, int internalPort)
            throws ResultException {
        if (length < 16 || packet[0] != VERSION || (packet[1] & 0xFF) != RESPONSE + protocol.opcode) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(packet, 2, length - 2);
        int result = b.getShort() & 0xFFFF;
        long epoch = b.getInt() & 0xFFFF_FFFFL;
        int internal = b.getShort() & 0xFFFF;
        int external = b.getShort() & 0xFFFF;
        long lifetime = b.getInt() & 0xFFFF_FFFFL;
        if (internalPort != 0 && internal != internalPort && result == 0) {
            return Optional.empty();
        }
        if (result != 0) {
            throw new ResultException(result, protocol.id() + " mapping request");
        }
        return Optional.of(new Mapping(protocol, epoch, internal, external, Duration.ofSeconds(lifetime)));
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
    }
}
