package dev.tunnelkeeper.scripting;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 over a socket to the one address the policy checked, so what was checked is what is dialled (a client
 * that resolves the name again could be sent elsewhere). https verifies the certificate against the URL's host.
 * One request per connection ({@code Connection: close}); the whole exchange, connect included, has the request's
 * time limit; at most {@link FetchExchange#MAX_RESPONSE_BYTES} of body are read. A 3xx comes back as it is.
 */
final class HttpFetchTransport implements FetchExchange.Transport {

    @Override
    public FetchExchange.Response send(FetchExchange.Request request, InetAddress address, int port) throws IOException {
        long deadline = System.nanoTime() + request.timeout().toNanos();
        String host = request.uri().getHost();
        boolean https = "https".equalsIgnoreCase(request.uri().getScheme());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), remainingMs(deadline));
            Socket socket = https ? tls(plain, host, port) : plain;
            socket.setSoTimeout(remainingMs(deadline));
            if (socket instanceof SSLSocket ssl) {
                ssl.startHandshake();
            }
            OutputStream out = socket.getOutputStream();
            int named = request.uri().getPort() > 0 ? request.uri().getPort() : https ? 443 : 80;
            out.write(head(request, host, named, https).getBytes(StandardCharsets.UTF_8));
            request.body().ifPresent(b -> write(out, b.getBytes(StandardCharsets.UTF_8)));
            out.flush();
            return read(socket, new Deadline(deadline));
        }
    }

    private static Socket tls(Socket plain, String host, int port) throws IOException {
        try {
            SSLSocket ssl = (SSLSocket) SSLContext.getDefault().getSocketFactory().createSocket(plain, host, port, false);
            SSLParameters p = ssl.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            p.setServerNames(List.of(new SNIHostName(host)));
            ssl.setSSLParameters(p);
            return ssl;
        } catch (NoSuchAlgorithmException e) {
            throw new IOException("no TLS here: " + e.getMessage());
        }
    }

    private static String head(FetchExchange.Request r, String host, int port, boolean https) {
        String path = r.uri().getRawPath() == null || r.uri().getRawPath().isEmpty() ? "/" : r.uri().getRawPath();
        if (r.uri().getRawQuery() != null) {
            path += "?" + r.uri().getRawQuery();
        }
        boolean defaultPort = https ? port == 443 : port == 80;
        StringBuilder b = new StringBuilder(r.method()).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append(defaultPort ? "" : ":" + port).append("\r\n")
                .append("Connection: close\r\n");
        Map<String, String> lower = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        if (!lower.containsKey("user-agent")) {
            b.append("User-Agent: tunnelkeeper-hook\r\n");
        }
        r.headers().forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
        r.body().ifPresent(body -> b.append("Content-Length: ")
                .append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n"));
        return b.append("\r\n").toString();
    }

    private static void write(OutputStream out, byte[] bytes) {
        try {
            out.write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Deadline(long nanos) {
        void apply(Socket s) throws IOException {
            s.setSoTimeout(remainingMs(nanos));
        }
    }

    private static FetchExchange.Response read(Socket socket, Deadline deadline) throws IOException {
        InputStream in = socket.getInputStream();
        String status = line(in, socket, deadline);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP response: " + status.substring(0, Math.min(status.length(), 60)));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(in, socket, deadline); !l.isEmpty(); l = line(in, socket, deadline)) {
            int colon = l.indexOf(':');
            if (colon > 0 && headers.size() < 100) {
                headers.merge(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip(),
                        (a, b) -> a + ", " + b);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated;
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            truncated = chunked(in, socket, deadline, body);
        } else if (headers.containsKey("content-length")) {
            long length;
            try {
                length = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("a Content-Length that is not a number");
            }
            truncated = copy(in, socket, deadline, body, length);
        } else {
            truncated = copy(in, socket, deadline, body, Long.MAX_VALUE);
        }
        return new FetchExchange.Response(Integer.parseInt(parts[1]), headers,
                body.toString(StandardCharsets.UTF_8), truncated);
    }

    // true when the body was longer than the cap
    private static boolean copy(InputStream in, Socket s, Deadline d, ByteArrayOutputStream body, long length)
            throws IOException {
        byte[] buf = new byte[8192];
        long left = length;
        while (left > 0) {
            if (body.size() >= FetchExchange.MAX_RESPONSE_BYTES) {
                return true;
            }
            d.apply(s);
            int want = (int) Math.min(buf.length, Math.min(left, FetchExchange.MAX_RESPONSE_BYTES - body.size()));
            int n = in.read(buf, 0, want);
            if (n < 0) {
                if (length != Long.MAX_VALUE) {
                    throw new IOException("the response ended early");
                }
                return false;
            }
            body.write(buf, 0, n);
            left -= n;
        }
        return false;
    }

    private static boolean chunked(InputStream in, Socket s, Deadline d, ByteArrayOutputStream body) throws IOException {
        while (true) {
            String size = line(in, s, d);
            int semi = size.indexOf(';');
            long n;
            try {
                n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new IOException("a bad chunk size");
            }
            if (n == 0) {
                return false;
            }
            if (copy(in, s, d, body, n)) {
                return true;
            }
            line(in, s, d);
        }
    }

    private static String line(InputStream in, Socket s, Deadline d) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        while (true) {
            d.apply(s);
            int c = in.read();
            if (c < 0) {
                throw new IOException("the connection closed before the response was complete");
            }
            if (c == '\n') {
                break;
            }
            if (b.size() > 8192) {
                throw new IOException("a response line longer than 8 KiB");
            }
            b.write(c);
        }
        String text = b.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static int remainingMs(long deadline) throws SocketTimeoutException {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }
}
