package dev.tunnelkeeper.health;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tunnelkeeper healthcheck}: what Docker runs every 5 s. GETs http://HOST:PORT/ of the running instance
 * and exits 0 on 200, 1 otherwise. It runs in a fresh JVM each time, so it is kept tiny: a raw HTTP/1.1 socket,
 * only JDK classes (no Helidon, no GraalJS, no YAML library), 2 s at most.
 */
public final class HealthcheckCommand {
    static final int TIMEOUT_MS = 2000;
    private static final int DEFAULT_PORT = 9999;

    private HealthcheckCommand() {
    }

    public static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        Target target;
        try {
            target = target(env);
        } catch (IllegalArgumentException e) {
            err.println("healthcheck: " + e.getMessage());
            return 1;
        }
        String url = "http://" + target.authority() + "/";
        try (Socket socket = new Socket()) {
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
            socket.connect(new InetSocketAddress(target.host(), target.port()), TIMEOUT_MS);
            socket.setSoTimeout(remainingMs(deadline));
            OutputStream o = socket.getOutputStream();
            o.write(("GET / HTTP/1.1\r\nHost: " + target.authority() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            o.flush();
            Response r = Response.read(new java.io.BufferedInputStream(socket.getInputStream()), deadline, socket);
            if (r.status == 200) {
                return 0;
            }
            err.println("HTTP response status is not OK: " + r.status + " " + r.reason + ": " + r.body.strip());
            return 1;
        } catch (ConnectException e) {
            err.println("healthcheck: nothing answers at " + url + " (" + e.getMessage().toLowerCase(Locale.ROOT)
                    + "): is tunnelkeeper running" + target.hint() + "?");
            return 1;
        } catch (SocketTimeoutException e) {
            err.println("healthcheck: no answer from " + url + " within " + TIMEOUT_MS + " ms");
            return 1;
        } catch (IOException e) {
            err.println("healthcheck: request to " + url + " failed: " + e.getMessage());
            return 1;
        }
    }

    /** Where to ask, and where that came from (for the hint when nothing answers there). */
    record Target(String host, int port, String source) {
        String authority() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        String hint() {
            return switch (source) {
                case "env" -> ", with the same HEALTH_SERVER_ADDRESS";
                case "file" -> " (its address file says so)";
                default -> " (no HEALTH_SERVER_ADDRESS and no address file: the default was tried)";
            };
        }
    }

    /**
     * HEALTH_SERVER_ADDRESS when the environment has it (it wins over every other source, so the instance listens
     * there), else the address the running instance published ({@link HealthAddressFile}), else the default.
     * A wildcard or missing host is asked on 127.0.0.1.
     */
    static Target target(Map<String, String> env) {
        String address = env.getOrDefault("HEALTH_SERVER_ADDRESS", "").strip();
        String source = "env";
        if (address.isEmpty() || address.endsWith(":0")) {
            Optional<String> published = HealthAddressFile.read(HealthAddressFile.location(env));
            address = published.orElse("");
            source = published.isPresent() ? "file" : "default";
        }
        if (address.isEmpty()) {
            return new Target("127.0.0.1", DEFAULT_PORT, source);
        }
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "" : address.substring(0, colon).replace("[", "").replace("]", "");
        if (host.isEmpty() || host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        try {
            int p = Integer.parseInt(address.substring(colon + 1));
            if (p >= 1 && p <= 65535) {
                return new Target(host, p, source);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        String where = source.equals("env") ? "HEALTH_SERVER_ADDRESS=\"" + address + "\""
                : HealthAddressFile.location(env) + " (\"" + address + "\")";
        throw new IllegalArgumentException(where + " has no valid port; valid: host:port such as 127.0.0.1:9999");
    }

    private static int remainingMs(long deadline) throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000L;
        if (ms <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        return (int) ms;
    }

    /** Status line, headers, and a body read by Content-Length (Helidon may not close promptly). */
    private record Response(int status, String reason, String body) {
        static Response read(InputStream in, long deadline, Socket socket) throws IOException {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + statusLine);
            }
            int length = -1;
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(h.substring(colon + 1).trim());
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int limit = length < 0 ? 64 * 1024 : Math.min(length, 64 * 1024);
            while (body.size() < limit) {
                socket.setSoTimeout(remainingMs(deadline));
                int b = in.read();
                if (b < 0) {
                    break;
                }
                body.write(b);
            }
            return new Response(status, parts.length > 2 ? parts[2] : "", body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                if (c != '\r') {
                    b.append((char) c);
                }
            }
            return b.toString();
        }
    }
}
