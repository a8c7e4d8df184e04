package dev.tunnelkeeper.lab;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The DNS server inside a lab server namespace, on an address reachable only through a tunnel: plain DNS on UDP and
 * TCP port 53, DNS over TLS on 853 (a certificate from the lab CA). It knows one zone, {@value #ZONE}:
 * {@code target.tunnelkeeper.lab} is the health target's address, {@code where.tunnelkeeper.lab} and any name below it
 * answer 192.0.2.N for server N (so an answer tells which tunnel carried the query), other names in the zone are
 * NXDOMAIN, names outside it REFUSED. Each query is printed as {@code QUERY <transport> <name>}.
 * Usage: {@code LabDnsServer <ip> <serverIndex> <targetIp> <pkcs12> <password>}; prints READY once it listens.
 */
public final class LabDnsServer {
    static final String ZONE = "tunnelkeeper.lab.";
    static final long TTL = 60;

    private final Name zone;
    private final Name where;
    private final Name target;
    private final InetAddress whereAddress;
    private final InetAddress targetAddress;

    private LabDnsServer(int server, String targetIp) throws IOException {
        this.zone = Name.fromString(ZONE);
        this.where = Name.fromString("where." + ZONE);
        this.target = Name.fromString("target." + ZONE);
        this.whereAddress = InetAddress.getByName("192.0.2." + server);
        this.targetAddress = InetAddress.getByName(targetIp);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: LabDnsServer <ip> <serverIndex> <targetIp> <pkcs12> <password>");
            System.exit(2);
        }
        InetAddress ip = InetAddress.getByName(args[0]);
        LabDnsServer dns = new LabDnsServer(Integer.parseInt(args[1]), args[2]);
        DatagramSocket udp = new DatagramSocket(new InetSocketAddress(ip, 53));
        ServerSocket tcp = new ServerSocket(53, 50, ip);
        ServerSocket tls = tlsSocket(ip, Path.of(args[3]), args[4].toCharArray());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            udp.close();
            closeQuietly(tcp);
            closeQuietly(tls);
        }));
        Thread.ofPlatform().start(() -> dns.serveTcp(tcp, "tcp"));
        Thread.ofPlatform().start(() -> dns.serveTcp(tls, "tls"));
        System.out.println("READY udp+tcp " + ip.getHostAddress() + ":53, tls :853");
        System.out.flush();
        byte[] buffer = new byte[4096];
        while (!udp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
                byte[] answer = dns.answer(Arrays.copyOf(buffer, packet.getLength()), "udp");
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

    private static ServerSocket tlsSocket(InetAddress ip, Path keystore, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password);
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(853, 50, ip);
        return socket;
    }

    private void serveTcp(ServerSocket server, String transport) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> serveConnection(client, transport));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println(transport + ": " + e.getMessage());
                }
            }
        }
    }

    private void serveConnection(Socket client, String transport) {
        try (client) {
            client.setSoTimeout(30_000);
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream out = new DataOutputStream(client.getOutputStream());
            while (true) {
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                byte[] answer = answer(query, transport);
                if (answer == null) {
                    return;
                }
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
        reply.getHeader().setFlag(Flags.AA);
        if (query.getHeader().getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.addRecord(question, Section.QUESTION);
        if (!name.subdomain(zone)) {
            reply.getHeader().setRcode(Rcode.REFUSED);
        } else if (name.equals(target) || name.subdomain(where)) {
            if (question.getType() == Type.A) {
                reply.addRecord(new ARecord(name, DClass.IN, TTL, name.equals(target) ? targetAddress : whereAddress), Section.ANSWER);
            } else {
                reply.addRecord(soa(), Section.AUTHORITY);
            }
        } else {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
            reply.addRecord(soa(), Section.AUTHORITY);
        }
        return reply.toWire(transport.equals("udp") ? 512 : 65535);
    }

    private SOARecord soa() {
        try {
            return new SOARecord(zone, DClass.IN, TTL, Name.fromString("ns." + ZONE), Name.fromString("lab." + ZONE),
                    1, 3600, 600, 86400, 30);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }
}
