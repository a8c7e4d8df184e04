package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client over real UDP on loopback against a small NAT-PMP responder written here. It answers with ProtonVPN's
 * semantics (internal port 0 means "any": a port of its choosing), which miniupnpd cannot show (it refuses 0).
 */
class NatPmpClientTest {
    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private DatagramSocket server;
    private Thread thread;

    /** Starts a responder: for each request, the packets {@code answer} returns are sent back in order. */
    private InetSocketAddress responder(BiFunction<byte[], Integer, List<byte[]>> answer) throws IOException {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[64];
            int n = 0;
            while (!server.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                    server.receive(p);
                } catch (IOException e) {
                    return;
                }
                byte[] req = java.util.Arrays.copyOf(p.getData(), p.getLength());
                received.add(req);
                for (byte[] out : answer.apply(req, ++n)) {
                    try {
                        server.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            }
        });
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            thread.join();
        }
    }

    /** ProtonVPN-like: internal 0 gets port 51413 for both; lifetime as asked. */
    private static List<byte[]> proton(byte[] req, int count) {
        if (req[1] == 0) {
            return List.of(ByteBuffer.allocate(12).put((byte) 0).put((byte) 128).putShort((short) 0).putInt(100)
                    .put(new byte[] {(byte) 192, 0, 2, 9}).array());
        }
        ByteBuffer in = ByteBuffer.wrap(req);
        in.position(4);
        int internal = in.getShort() & 0xFFFF;
        in.getShort();
        int lifetime = in.getInt();
        int port = internal == 0 ? 51413 : internal;
        return List.of(ByteBuffer.allocate(16).put((byte) 0).put((byte) (128 + req[1])).putShort((short) 0).putInt(100)
                .putShort((short) (internal == 0 ? 0 : port)).putShort((short) port).putInt(lifetime).array());
    }

    @Test
    void protonVpnStyleInternalZeroIsGrantedAPortOfTheGatewaysChoosing() throws Exception {
        InetSocketAddress gw = responder(NatPmpClientTest::proton);
        NatPmpClient client = new NatPmpClient();
        assertEquals("192.0.2.9", client.externalAddress(gw).address());
        NatPmp.Mapping m = client.map(gw, NatPmp.Protocol.UDP, 0, 1, Duration.ofSeconds(60));
        assertEquals(51413, m.externalPort());
        assertEquals(Duration.ofSeconds(60), m.lifetime());
        assertEquals(List.of("0000", "00010000000000010000003c"), List.of(
                java.util.HexFormat.of().formatHex(received.get(0)),
                java.util.HexFormat.of().formatHex(received.get(1))));
    }

    @Test
    void aLateAnswerToAnotherRequestIsIgnoredAndTheRealOneTaken() throws Exception {
        // first a stray public-address answer (what fools natpmpc), then the real mapping answer
        InetSocketAddress gw = responder((req, n) -> {
            List<byte[]> out = new java.util.ArrayList<>(proton(new byte[] {0, 0}, n));
            out.addAll(proton(req, n));
            return out;
        });
        NatPmp.Mapping m = new NatPmpClient().map(gw, NatPmp.Protocol.TCP, 40000, 40000, Duration.ofSeconds(60));
        assertEquals(NatPmp.Protocol.TCP, m.protocol());
        assertEquals(40000, m.internalPort());
        assertEquals(40000, m.externalPort());
    }

    @Test
    void aLostPacketIsSentAgainAndTheSecondAnswerCounts() throws Exception {
        InetSocketAddress gw = responder((req, n) -> n == 1 ? List.of() : proton(req, n));
        NatPmp.Mapping m = new NatPmpClient(4, Duration.ofMillis(50)).map(gw, NatPmp.Protocol.UDP, 40000, 0, Duration.ofSeconds(60));
        assertEquals(40000, m.internalPort());
        assertEquals(2, received.size(), "sent twice");
    }

    @Test
    void aSilentGatewayFailsAfterTheGivenNumberOfSends() throws Exception {
        InetSocketAddress gw = responder((req, n) -> List.of());
        IOException e = assertThrows(IOException.class,
                () -> new NatPmpClient(3, Duration.ofMillis(20)).map(gw, NatPmp.Protocol.TCP, 40000, 0, Duration.ofSeconds(60)));
        assertTrue(e.getMessage().endsWith(": no answer after 3 sends"), e.getMessage());
        assertEquals(3, received.size());
    }

    @Test
    void aRefusalIsReportedWithItsResultCode() throws Exception {
        // miniupnpd's answer to internal port 0
        InetSocketAddress gw = responder((req, n) -> List.of(ByteBuffer.allocate(16).put((byte) 0)
                .put((byte) (128 + req[1])).putShort((short) 2).putInt(5).putShort((short) 0).putShort((short) 0).putInt(0).array()));
        NatPmp.ResultException e = assertThrows(NatPmp.ResultException.class,
                () -> new NatPmpClient().map(gw, NatPmp.Protocol.UDP, 0, 1, Duration.ofSeconds(60)));
        assertEquals(2, e.code());
    }
}
