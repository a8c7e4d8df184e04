package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * PUBLICIP_FILE: the address alone (no newline, as gluetun writes it) while the tunnel is up; gone when it is down.
 * Written through a temporary file and a rename, so a reader never sees half an address. Failures are logged,
 * never thrown: a read-only /tmp must not stop the VPN.
 */
public final class PublicIpFile {
    private static final Log LOG = Log.of("ip getter");

    private final Path file;

    public PublicIpFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public void write(String ip) {
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".ip-", ".tmp");
            Files.writeString(temp, ip);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the public IP address to " + file + ": " + e + "; valid: PUBLICIP_FILE set to a writable path");
            // a full disk fails the write after the temporary file exists: without this, one is left per tunnel-up
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("cannot delete " + temp + ": " + e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete " + file + ": " + e);
        }
    }
}
