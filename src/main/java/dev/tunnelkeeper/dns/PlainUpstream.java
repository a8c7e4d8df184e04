package dev.tunnelkeeper.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;

/** Plain DNS: UDP, and TCP when the UDP answer comes back truncated. */
final class PlainUpstream implements Upstream {
    private static final int MAX_UDP = 4096;
    private final InetSocketAddress address;

    PlainUpstream(InetSocketAddress address) {
        this.address = address;
    }

    @Override
    public String name() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    @Override
    public byte[] exchange(byte[] query, Duration timeout) throws UpstreamException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] answer = udp(query, timeout);
        if (truncated(answer)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new UpstreamException("i/o timeout (the UDP answer was truncated, no time left for TCP)");
            }
            return tcp(address, query, Duration.ofNanos(left));
        }
        return answer;
    }

    private byte[] udp(byte[] query, Duration timeout) throws UpstreamException {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(millis(timeout));
            socket.connect(address);
            socket.send(new DatagramPacket(query, query.length));
            byte[] buffer = new byte[MAX_UDP];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            // A connected socket only receives from the upstream; the forwarder checks the ID and the question.
            socket.receive(packet);
            return Arrays.copyOf(buffer, packet.getLength());
        } catch (IOException e) {
            throw UpstreamException.of(e instanceof java.net.SocketTimeoutException ? "read udp" : "write udp", e);
        }
    }

    /** One query over a fresh TCP connection (RFC 7766 framing: a two-byte length before each message). */
    static byte[] tcp(InetSocketAddress address, byte[] query, Duration timeout) throws UpstreamException {
        try (Socket socket = new Socket()) {
            try {
                socket.connect(address, millis(timeout));
            } catch (IOException e) {
                throw UpstreamException.of("dial tcp", e);
            }
            socket.setSoTimeout(millis(timeout));
            return exchangeFramed(socket, query);
        } catch (IOException e) {
            throw UpstreamException.of("read tcp", e);
        }
    }

    static byte[] exchangeFramed(Socket socket, byte[] query) throws IOException {
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(query.length);
        out.write(query);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] answer = new byte[in.readUnsignedShort()];
        in.readFully(answer);
        return answer;
    }

    private static boolean truncated(byte[] answer) {
        if (answer.length < Header.LENGTH) {
            return false; // the forwarder rejects it
        }
        try {
            return new Header(Arrays.copyOf(answer, Header.LENGTH)).getFlag(Flags.TC);
        } catch (IOException e) {
            return false;
        }
    }

    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
