package dev.tunnelkeeper.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client on a raw socket to 127.0.0.1, for sending what a real client never would.
 * Every read has a timeout, so a server that hangs fails the test instead of hanging it.
 */
public final class RawHttp {
    public static final int TIMEOUT_MS = 5_000;

    /**
     * What came back. {@code status} is 0 when the server closed without answering (or the read timed out with
     * nothing); {@code closed} says whether the server closed the connection after its answer.
     */
    public record Reply(int status, String head, String body, boolean closed) {
        public boolean hasStackTrace() {
            String all = head + body;
            return all.contains("at dev.") || all.contains("Exception") || all.contains("\tat ");
        }
    }

    private RawHttp() {
    }

    public static Reply send(int port, String request) throws IOException {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    /** Sends {@code bytes}, then (when {@code halfClose}) shuts down the output, and reads one answer. */
    public static Reply send(int port, byte[] bytes, boolean halfClose) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MS);
            OutputStream out = socket.getOutputStream();
            try {
                // In slices: a server that answers early and closes makes the rest fail, which is fine.
                for (int at = 0; at < bytes.length; at += 64 * 1024) {
                    out.write(bytes, at, Math.min(64 * 1024, bytes.length - at));
                }
                out.flush();
                if (halfClose) {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                // The server stopped reading (it answered and closed): read what it said.
            }
            return read(socket.getInputStream());
        }
    }

    /** Connects, sends nothing, closes: the server must not care. */
    public static void connectAndClose(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(TIMEOUT_MS);
        }
    }

    private static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int state = 0;
        try {
            // Up to the blank line after the headers.
            while (state < 4) {
                int b = in.read();
                if (b < 0) {
                    return new Reply(status(head), head.toString(StandardCharsets.ISO_8859_1), "", true);
                }
                head.write(b);
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1
                        : b == '\r' ? 1 : 0;
            }
        } catch (SocketTimeoutException e) {
            return new Reply(status(head), head.toString(StandardCharsets.ISO_8859_1), "", false);
        }
        String headText = head.toString(StandardCharsets.ISO_8859_1);
        long length = contentLength(headText);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean closed = false;
        try {
            if (length >= 0) {
                byte[] buffer = in.readNBytes((int) length);
                body.write(buffer);
                closed = headText.toLowerCase(Locale.ROOT).contains("connection: close") && in.read() < 0;
            } else {
                in.transferTo(body);
                closed = true;
            }
        } catch (SocketTimeoutException e) {
            closed = false;
        }
        return new Reply(status(head), headText, body.toString(StandardCharsets.UTF_8), closed);
    }

    private static int status(ByteArrayOutputStream head) {
        String text = head.toString(StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
            return 0;
        }
        return Integer.parseInt(text.substring(9, 12));
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return -1;
    }
}
