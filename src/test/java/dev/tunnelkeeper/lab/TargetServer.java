package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The health target inside a server namespace: every TCP connection gets the server's name
 * (e.g. "s1\n") and is closed, so a dial through a tunnel tells which server carried it.
 * Usage: {@code TargetServer <ip> <port> <name>}; prints READY once it listens.
 */
public final class TargetServer {
    private TargetServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: TargetServer <ip> <port> <name>");
            System.exit(2);
        }
        byte[] answer = (args[2] + "\n").getBytes(StandardCharsets.UTF_8);
        ServerSocket server = new ServerSocket(Integer.parseInt(args[1]), 50, InetAddress.getByName(args[0]));
        // On SIGTERM the JVM waits ~300 ms for threads blocked in native accept(); closing the socket frees it at once.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
        System.out.println("READY listening on " + server.getLocalSocketAddress());
        System.out.flush();
        while (!server.isClosed()) {
            try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                out.write(answer);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    System.err.println("answering a connection failed: " + e.getMessage());
                }
            }
        }
    }

    private static void closeQuietly(ServerSocket server) {
        try {
            server.close();
        } catch (IOException e) {
            // exiting anyway
        }
    }
}
