package dev.tunnelkeeper.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A long-lived dialer inside a lab namespace, so that a test's dial costs milliseconds, not a JVM
 * start. Protocol, one line each way: {@code DIAL <ip> <port> <timeoutMillis>} is answered by
 * {@code OK <millis> <answer>} or {@code FAIL <millis> <error>}. Prints READY first; exits on EOF.
 */
public final class DialAgent {
    private DialAgent() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("READY");
        System.out.flush();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.strip().split(" ");
            String reply = words.length == 4 && words[0].equals("DIAL")
                    ? dial(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]))
                    : "FAIL 0 bad request: " + line;
            System.out.println(reply);
            System.out.flush();
        }
    }

    private static String dial(String ip, int port, int timeoutMillis) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), timeoutMillis);
            socket.setSoTimeout(Math.max(1, timeoutMillis - elapsedMillis(start)));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return "OK " + elapsedMillis(start) + " " + oneLine(answer);
        } catch (SocketTimeoutException e) {
            return "FAIL " + elapsedMillis(start) + " timeout: " + oneLine(String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            return "FAIL " + elapsedMillis(start) + " " + e.getClass().getSimpleName() + ": " + oneLine(String.valueOf(e.getMessage()));
        }
    }

    private static int elapsedMillis(long startNanos) {
        return (int) ((System.nanoTime() - startNanos) / 1_000_000);
    }

    private static String oneLine(String text) {
        return text.strip().replace('\n', ' ').replace('\r', ' ');
    }
}
