package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.lab.HookReceiverServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP receiver on 127.0.0.1 for the hook tests: records each request (method, path, headers, body) and
 * answers with what the test set: a status and body, a redirect, or nothing at all ({@link #hang()}: it accepts and
 * never answers). It counts every connection accepted, so a test can show that a refused call never arrived.
 */
final class HookReceiver implements AutoCloseable {
    final List<HookReceiverServer.Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;
    private final List<Socket> held = new CopyOnWriteArrayList<>();
    private volatile String status = "200 OK";
    private volatile String extraHeaders = "";
    private volatile String body = "ok";
    private volatile boolean hang;
    private volatile String raw;

    HookReceiver() throws IOException {
        socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofVirtual().name("hook-receiver").start(this::serve);
    }

    int port() {
        return socket.getLocalPort();
    }

    int connections() {
        return connections.get();
    }

    HookReceiver answer(String status, String extraHeaders, String body) {
        this.status = status;
        this.extraHeaders = extraHeaders;
        this.body = body;
        return this;
    }

    /** Answers these bytes as they are (a chunked answer, say), then closes. */
    HookReceiver raw(String response) {
        this.raw = response;
        return this;
    }

    /** Accepts, reads the request, and never answers. */
    HookReceiver hang() {
        this.hang = true;
        return this;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                connections.incrementAndGet();
                Thread.ofVirtual().start(() -> handle(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket s) {
        try {
            requests.add(HookReceiverServer.read(s.getInputStream()));
            if (hang) {
                held.add(s);
                return;
            }
            OutputStream out = s.getOutputStream();
            if (raw != null) {
                out.write(raw.getBytes(StandardCharsets.UTF_8));
                out.flush();
                s.close();
                return;
            }
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + status + "\r\nContent-Length: " + b.length + "\r\n" + extraHeaders
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(b);
            out.flush();
            s.close();
        } catch (IOException | RuntimeException e) {
            // the client went away: nothing to record
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : held) {
            s.close();
        }
    }
}
