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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tunnelkeeper healthcheck}: what Docker runs every 5 s. GETs http://127.0.0.1:PORT/ of the running instance
 * and exits 0 on 200, 1 otherwise. It runs in a fresh JVM each time, so it is kept tiny: a raw HTTP/1.1 socket,
 * only JDK classes (no Helidon, no GraalJS, no YAML library), 2 s at most.
 */
public final class HealthcheckCommand {
    static final int TIMEOUT_MS = 2000;
    private static final int DEFAULT_PORT = 9999;
    // The one line this needs from the YAML file, when HEALTH_SERVER_ADDRESS is not in the environment.
    private static final Pattern YAML_SERVER_ADDRESS =
            Pattern.compile("(?m)^\\s+server_address:\\s*[\"']?([^\"'#\\s]*)[\"']?\\s*(#.*)?$");

    private HealthcheckCommand() {
    }

    public static int run(Map<String, String> env, PrintStream out, PrintStream err) {
        int port;
        try {
            port = port(env);
        } catch (IllegalArgumentException e) {
            err.println("healthcheck: " + e.getMessage());
            return 1;
        }
        String url = "http://127.0.0.1:" + port + "/";
        try (Socket socket = new Socket()) {
            long deadline = System.nanoTime() + TIMEOUT_MS * 1_000_000L;
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
            socket.setSoTimeout(remainingMs(deadline));
            OutputStream o = socket.getOutputStream();
            o.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
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
                    + "): is tunnelkeeper running, with the same HEALTH_SERVER_ADDRESS?");
            return 1;
        } catch (SocketTimeoutException e) {
            err.println("healthcheck: no answer from " + url + " within " + TIMEOUT_MS + " ms");
            return 1;
        } catch (IOException e) {
            err.println("healthcheck: request to " + url + " failed: " + e.getMessage());
            return 1;
        }
    }

    static int port(Map<String, String> env) {
        String address = env.getOrDefault("HEALTH_SERVER_ADDRESS", "");
        if (address.isEmpty()) {
            address = fromYaml(env);
        }
        if (address.isEmpty()) {
            return DEFAULT_PORT;
        }
        int colon = address.lastIndexOf(':');
        try {
            int p = Integer.parseInt(address.substring(colon + 1));
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("HEALTH_SERVER_ADDRESS=\"" + address + "\" has no valid port; valid: host:port such as 127.0.0.1:9999");
    }

    private static String fromYaml(Map<String, String> env) {
        Path file = Path.of(env.getOrDefault("TK_CONFIG", "config/tunnelkeeper.yaml"));
        try {
            Matcher m = YAML_SERVER_ADDRESS.matcher(Files.readString(file));
            return m.find() ? m.group(1) : "";
        } catch (IOException e) {
            return "";
        }
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
