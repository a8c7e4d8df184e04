package dev.tunnelkeeper.firewall;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * A lab helper run inside a namespace ({@code ip netns exec NS java ... NetAgent}): one command per stdin line,
 * one answer per stdout line, so one JVM serves a whole test class. Uses nothing but the JDK.
 * <pre>
 * listen-tcp PORT             -> ok          (accepts, writes "hi", closes)
 * listen-udp PORT             -> ok          (echoes each datagram)
 * tcp HOST PORT TIMEOUT_MS    -> connected|refused|timeout|error:... ELAPSED_MS
 * udp HOST PORT TIMEOUT_MS    -> reply|eperm|refused|timeout|error:... ELAPSED_MS
 * </pre>
 */
public final class NetAgent {
    private NetAgent() {
    }

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
            System.out.println(answer(line.trim().split("\\s+")));
            System.out.flush();
        }
    }

    private static String answer(String[] words) {
        try {
            return switch (words[0]) {
                case "listen-tcp" -> listenTcp(Integer.parseInt(words[1]));
                case "listen-udp" -> listenUdp(Integer.parseInt(words[1]));
                case "tcp" -> dialTcp(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]));
                case "udp" -> sendUdp(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3]));
                default -> "error:unknown-command";
            };
        } catch (IOException | RuntimeException e) {
            return "error:" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
    }

    private static String listenTcp(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress("0.0.0.0", port));
        Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("hi\n".getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // the peer went away early: keep serving the next one
                }
            }
        });
        return "ok";
    }

    private static String listenUdp(int port) throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress("0.0.0.0", port));
        Thread.ofPlatform().daemon().start(() -> {
            byte[] buffer = new byte[512];
            while (true) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    socket.send(new DatagramPacket(packet.getData(), packet.getLength(), packet.getSocketAddress()));
                } catch (IOException e) {
                    // a send refused by this namespace's own firewall: keep serving
                }
            }
        });
        return "ok";
    }

    private static String dialTcp(String host, int port, int timeoutMs) {
        long started = System.nanoTime();
        String result;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            result = "connected";
        } catch (ConnectException e) {
            result = String.valueOf(e.getMessage()).contains("refused") ? "refused" : "error:" + e.getMessage().replace(' ', '_');
        } catch (SocketTimeoutException e) {
            result = "timeout";
        } catch (IOException e) {
            result = "error:" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
        return result + " " + (System.nanoTime() - started) / 1_000_000;
    }

    private static String sendUdp(String host, int port, int timeoutMs) {
        long started = System.nanoTime();
        String result;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(new InetSocketAddress(host, port));
            socket.setSoTimeout(timeoutMs);
            byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
            try {
                socket.send(new DatagramPacket(ping, ping.length));
            } catch (IOException e) {
                return (String.valueOf(e.getMessage()).contains("Operation not permitted") ? "eperm" : "error:"
                        + String.valueOf(e.getMessage()).replace(' ', '_')) + " " + (System.nanoTime() - started) / 1_000_000;
            }
            socket.receive(new DatagramPacket(new byte[512], 512));
            result = "reply";
        } catch (PortUnreachableException e) {
            result = "refused";
        } catch (SocketTimeoutException e) {
            result = "timeout";
        } catch (IOException e) {
            result = "error:" + String.valueOf(e.getMessage()).replace(' ', '_');
        }
        return result + " " + (System.nanoTime() - started) / 1_000_000;
    }
}
