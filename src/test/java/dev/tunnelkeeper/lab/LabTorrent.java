package dev.tunnelkeeper.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A one-piece torrent with no trackers (BEP 3), its data file already in place so the client seeds it: a client
 * answers an incoming handshake only for a torrent it has (PORTFORWARD.md).
 *
 * @param file     the .torrent
 * @param infoHash SHA-1 of the bencoded info dictionary, hex
 */
public record LabTorrent(Path file, String infoHash) {
    static final String NAME = "lab.bin";

    static LabTorrent create(Path dir, Path saveDir) {
        try {
            byte[] data = new byte[16384];
            new java.util.Random(18).nextBytes(data);
            Files.createDirectories(saveDir);
            Files.write(saveDir.resolve(NAME), data);
            byte[] pieces = MessageDigest.getInstance("SHA-1").digest(data);
            ByteArrayOutputStream info = new ByteArrayOutputStream();
            info.writeBytes(("d6:lengthi" + data.length + "e4:name" + NAME.length() + ":" + NAME
                    + "12:piece lengthi" + data.length + "e6:pieces20:").getBytes(StandardCharsets.US_ASCII));
            info.writeBytes(pieces);
            info.writeBytes("e".getBytes(StandardCharsets.US_ASCII));
            byte[] infoBytes = info.toByteArray();
            ByteArrayOutputStream torrent = new ByteArrayOutputStream();
            torrent.writeBytes("d4:info".getBytes(StandardCharsets.US_ASCII));
            torrent.writeBytes(infoBytes);
            torrent.writeBytes("e".getBytes(StandardCharsets.US_ASCII));
            Path file = Files.write(dir.resolve("lab.torrent"), torrent.toByteArray());
            return new LabTorrent(file, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(infoBytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
