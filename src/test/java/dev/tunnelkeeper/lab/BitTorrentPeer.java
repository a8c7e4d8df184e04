package dev.tunnelkeeper.lab;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The far side of a forwarded port, run in a lab namespace: dials {@code ip port}, sends a BitTorrent handshake
 * (BEP 3: 19, "BitTorrent protocol", 8 reserved bytes, the info hash, a peer id) for {@code infohash} and reads the
 * other side's. Prints {@code HANDSHAKE <info hash it answered with>} or {@code FAIL <why>}; exit 0 only for a
 * handshake. Only a BitTorrent client that has the torrent answers: a TCP connect alone proves less.
 */
public final class BitTorrentPeer {
    private BitTorrentPeer() {
    }

    public static void main(String[] args) {
        String ip = args[0];
        int port = Integer.parseInt(args[1]);
        byte[] infoHash = HexFormat.of().parseHex(args[2]);
        int timeout = Integer.parseInt(args[3]);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), timeout);
            socket.setSoTimeout(timeout);
            byte[] protocol = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);
            byte[] hello = new byte[68];
            hello[0] = 19;
            System.arraycopy(protocol, 0, hello, 1, 19);
            System.arraycopy(infoHash, 0, hello, 28, 20);
            System.arraycopy("-TK0001-lab-far-side".getBytes(StandardCharsets.US_ASCII), 0, hello, 48, 20);
            socket.getOutputStream().write(hello);
            socket.getOutputStream().flush();
            byte[] answer = new byte[68];
            new DataInputStream(socket.getInputStream()).readFully(answer);
            if (answer[0] != 19 || !new String(answer, 1, 19, StandardCharsets.US_ASCII).equals("BitTorrent protocol")) {
                System.out.println("FAIL not a BitTorrent handshake");
                System.exit(1);
            }
            System.out.println("HANDSHAKE " + HexFormat.of().formatHex(answer, 28, 48));
        } catch (IOException e) {
            System.out.println("FAIL " + e);
            System.exit(1);
        }
    }
}
