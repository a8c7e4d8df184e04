package dev.tunnelkeeper.control;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.testing.JavaProcess;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One HTTP request made from inside a lab namespace (where the product's listeners are), by a small JVM started with
 * {@code ip netns exec}: the test JVM itself is outside every lab namespace. The helper prints the status code on the
 * first line and the body after it.
 */
public final class NamespaceHttp {
    /** What came back. */
    public record Answer(int status, String body) {
    }

    private NamespaceHttp() {
    }

    /** @param body sent when not null; {@code headers} as name to value */
    public static Answer call(Lab lab, String namespace, String method, String url, String body, Map<String, String> headers) {
        List<String> command = new ArrayList<>(List.of(JavaProcess.javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Xmx32m", "-cp", classes(), NamespaceHttp.class.getName(), method, url, body == null ? "-" : "+" + body));
        headers.forEach((k, v) -> command.add(k + ": " + v));
        String out = lab.exec(namespace, command.toArray(String[]::new));
        int newline = out.indexOf('\n');
        return new Answer(Integer.parseInt(out.substring(0, newline).strip()), out.substring(newline + 1));
    }

    /** {@code NamespaceHttp METHOD URL (-|+BODY) [Header: value]...} */
    public static void main(String[] args) throws IOException, URISyntaxException {
        HttpURLConnection c = (HttpURLConnection) new URI(args[1]).toURL().openConnection();
        c.setRequestMethod(args[0]);
        c.setConnectTimeout(5_000);
        c.setReadTimeout(60_000);
        for (int i = 3; i < args.length; i++) {
            int colon = args[i].indexOf(':');
            c.setRequestProperty(args[i].substring(0, colon), args[i].substring(colon + 1).strip());
        }
        if (args[2].startsWith("+")) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = c.getOutputStream()) {
                out.write(args[2].substring(1).getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String body = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(status);
        System.out.print(body);
    }

    private static String classes() {
        try {
            return Path.of(NamespaceHttp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the test classes", e);
        }
    }
}
