package dev.tunnelkeeper.dns;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.xbill.DNS.Message;

/** A DNS server on 127.0.0.1 (UDP and TCP, a free port) answering with a function; for tests and the benchmark. */
public final class LoopbackDnsServer implements AutoCloseable {
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final UnaryOperator<Message> answers;

    private LoopbackDnsServer(DatagramSocket udp, ServerSocket tcp, UnaryOperator<Message> answers) {
        this.udp = udp;
        this.tcp = tcp;
        this.answers = answers;
    }

    public static LoopbackDnsServer start(UnaryOperator<Message> answers) throws IOException {
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        ServerSocket tcp = new ServerSocket(udp.getLocalPort(), 50, InetAddress.getLoopbackAddress());
        LoopbackDnsServer server = new LoopbackDnsServer(udp, tcp, answers);
        Thread.ofPlatform().daemon().name("test-dns-udp").start(server::serveUdp);
        Thread.ofPlatform().daemon().name("test-dns-tcp").start(server::serveTcp);
        return server;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                byte[] reply = answers.apply(new Message(Arrays.copyOf(buffer, packet.getLength()))).toWire(512);
                udp.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
            } catch (IOException e) {
                // closed, or a query the test meant to be bad
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                Thread.ofVirtual().start(() -> {
                    try (client) {
                        DataInputStream in = new DataInputStream(client.getInputStream());
                        DataOutputStream out = new DataOutputStream(client.getOutputStream());
                        while (true) {
                            byte[] query = new byte[in.readUnsignedShort()];
                            in.readFully(query);
                            byte[] reply = answers.apply(new Message(query)).toWire();
                            out.writeShort(reply.length);
                            out.write(reply);
                            out.flush();
                        }
                    } catch (IOException e) {
                        // the client is done
                    }
                });
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
