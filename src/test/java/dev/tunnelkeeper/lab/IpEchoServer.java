package dev.tunnelkeeper.lab;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The lab's public-IP lookup service, inside a server namespace: any GET is answered with ipinfo.io's shape,
 * {@code {"ip":"<the caller's address>","country":"Labland","region":"<server name>","city":"Lab City"}}, so a
 * lookup through a tunnel tells both the tunnel address and which server carried it.
 * Usage: {@code IpEchoServer <ip> <port> <name>}; prints READY once it listens.
 */
public final class IpEchoServer {
    static final String COUNTRY = "Labland";
    static final String CITY = "Lab City";

    private IpEchoServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !args[2].matches("[A-Za-z0-9-]+")) {
            System.err.println("usage: IpEchoServer <ip> <port> <name: letters, digits, '-'>");
            System.exit(2);
        }
        String name = args[2];
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])), 50);
        server.createContext("/", exchange -> {
            String caller = exchange.getRemoteAddress().getAddress().getHostAddress();
            byte[] body = answer(caller, name).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
        server.start();
        System.out.println("READY listening on " + server.getAddress());
        System.out.flush();
    }

    // Helpers run with the JDK alone (no JSON library on their classpath); both values are checked to need no escaping.
    static String answer(String caller, String name) {
        if (!caller.matches("[0-9A-Fa-f:.%a-z]+")) {
            throw new IllegalArgumentException("unexpected caller address " + caller);
        }
        return "{\"ip\":\"" + caller + "\",\"country\":\"" + COUNTRY + "\",\"region\":\"" + name + "\",\"city\":\"" + CITY + "\"}";
    }
}
