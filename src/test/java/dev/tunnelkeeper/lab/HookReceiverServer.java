package dev.tunnelkeeper.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A receiver for the hooks' calls, inside a lab namespace: each request is printed as two lines,
 * {@code HEADERS <path> <header lines joined by " | ">} and {@code REQUEST <epoch ms> <method> <path> <body>}, then answered 200 ("answer") or never ("hang": the connection
 * is held open and nothing is sent). Usage: {@code HookReceiverServer <ip> <port> answer|hang}; prints READY once it
 * listens. JDK only, as every lab helper.
 */
public final class HookReceiverServer {
    private HookReceiverServer() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3 || !(args[2].equals("answer") || args[2].equals("hang"))) {
            System.err.println("usage: HookReceiverServer <ip> <port> answer|hang");
            System.exit(2);
        }
        boolean hang = args[2].equals("hang");
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1])), 50);
        System.out.println("READY listening on " + server.getLocalSocketAddress());
        System.out.flush();
        while (true) {
            Socket s = server.accept();
            Thread.ofVirtual().start(() -> handle(s, hang));
        }
    }

    /** One HTTP/1.1 request as read: the request line's method and path, the header lines, the body. */
    public record Request(String method, String path, java.util.List<String> headers, String body) {
        public boolean hasHeader(String line) {
            return headers.stream().anyMatch(h -> h.equalsIgnoreCase(line));
        }
    }

    /** Reads one request (the body by Content-Length); the unit tests' in-process receiver reads with it too. */
    public static Request read(InputStream in) throws IOException {
        String[] request = line(in).split(" ");
        java.util.List<String> headers = new java.util.ArrayList<>();
        int length = 0;
        for (String l = line(in); !l.isEmpty(); l = line(in)) {
            headers.add(l);
            if (l.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(l.substring(15).strip());
            }
        }
        return new Request(request[0], request.length > 1 ? request[1] : "", headers,
                new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private static void handle(Socket s, boolean hang) {
        try {
            Request r = read(s.getInputStream());
            synchronized (HookReceiverServer.class) {
                System.out.println("HEADERS " + r.path() + " " + String.join(" | ", r.headers()));
                System.out.println("REQUEST " + System.currentTimeMillis() + " " + r.method() + " " + r.path() + " "
                        + r.body().replace('\n', ' '));
                System.out.flush();
            }
            if (hang) {
                return; // held open: the socket is never closed nor answered
            }
            OutputStream out = s.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.UTF_8));
            out.flush();
            s.close();
        } catch (IOException | RuntimeException e) {
            // the caller went away
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }
}
