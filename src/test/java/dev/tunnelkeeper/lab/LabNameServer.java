package dev.tunnelkeeper.lab;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The resolver a container is given (Docker's, a home router's): plain DNS on UDP and TCP, outside any tunnel, whose
 * answers a test changes while it runs. It answers A queries from a file read at each query, one name a line:
 * {@code vpn.example.lab 10.201.0.2 [more addresses]}; other names are NXDOMAIN. Each query is printed as
 * {@code QUERY <transport> <name>}. Usage: {@code LabNameServer <ip> <port> <answersFile> <ttlSeconds>} (port 0: any);
 * prints {@code READY <port>} once it listens. Also run in-process by unit tests on loopback ({@link #start}).
 */
public final class LabNameServer implements AutoCloseable {
    private final Path answers;
    private final long ttl;
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private LabNameServer(InetAddress ip, int port, Path answers, long ttl) throws IOException {
        this.answers = answers;
        this.ttl = ttl;
        this.udp = new DatagramSocket(new InetSocketAddress(ip, port));
        this.tcp = new ServerSocket(udp.getLocalPort(), 50, ip);
    }

    /** Listens on {@code ip} (UDP and TCP, the same port) and serves on background threads until closed. */
    public static LabNameServer start(InetAddress ip, int port, Path answers, long ttl) throws IOException {
        LabNameServer server = new LabNameServer(ip, port, answers, ttl);
        Thread.ofPlatform().daemon().start(server::serveTcp);
        Thread.ofPlatform().daemon().start(server::serveUdp);
        return server;
    }

    public int port() {
        return udp.getLocalPort();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: LabNameServer <ip> <port> <answersFile> <ttlSeconds>");
            System.exit(2);
        }
        LabNameServer server = new LabNameServer(InetAddress.getByName(args[0]), Integer.parseInt(args[1]),
                Path.of(args[2]), Long.parseLong(args[3]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        Thread.ofPlatform().start(server::serveTcp);
        System.out.println("READY " + server.port());
        System.out.flush();
        server.serveUdp();
    }

    private void serveUdp() {
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] answer = answer(Arrays.copyOf(buffer, packet.getLength()), "udp");
                if (answer != null) {
                    udp.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!udp.isClosed()) {
                    System.err.println("udp: " + e.getMessage());
                }
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket client = tcp.accept();
                Thread.ofVirtual().start(() -> serveConnection(client));
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    System.err.println("tcp: " + e.getMessage());
                }
            }
        }
    }

    private void serveConnection(Socket client) {
        try (client) {
            client.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            byte[] query = new byte[in.readUnsignedShort()];
            in.readFully(query);
            byte[] answer = answer(query, "tcp");
            if (answer != null) {
                out.writeShort(answer.length);
                out.write(answer);
                out.flush();
            }
        } catch (IOException e) {
            // the client is done
        }
    }

    private byte[] answer(byte[] wire, String transport) {
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException e) {
            return null;
        }
        Record question = query.getQuestion();
        if (question == null) {
            return null;
        }
        Name name = question.getName();
        System.out.println("QUERY " + transport + " " + name);
        System.out.flush();
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.RA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.addRecord(question, Section.QUESTION);
        List<InetAddress> addresses = lookUp(name);
        if (addresses.isEmpty()) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
        } else if (question.getType() == Type.A) {
            addresses.forEach(a -> reply.addRecord(new ARecord(name, DClass.IN, ttl, a), Section.ANSWER));
        }
        return reply.toWire(transport.equals("udp") ? 512 : 65535);
    }

    private List<InetAddress> lookUp(Name name) {
        try {
            for (String line : Files.readAllLines(answers)) {
                String[] words = line.strip().split("\\s+");
                if (words.length >= 2 && Name.fromString(words[0].endsWith(".") ? words[0] : words[0] + ".").equals(name)) {
                    InetAddress[] found = new InetAddress[words.length - 1];
                    for (int i = 1; i < words.length; i++) {
                        found[i - 1] = InetAddress.getByName(words[i]);
                    }
                    return List.of(found);
                }
            }
        } catch (IOException e) {
            System.err.println("answers: " + e.getMessage());
        }
        return List.of();
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
