package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;

/**
 * VPN_PORT_FORWARDING_STATUS_FILE in gluetun's format: the ports in decimal, one a line, no newline after the last
 * (so one port is just "12345"); deleted when forwarding stops. Written through a temporary file and a rename, so a
 * reader never sees half a port. Failures are logged, never thrown: a read-only file system must not stop renewals.
 */
public final class StatusFile {
    private static final Log LOG = Log.of("port forwarding");

    private final Path file;

    public StatusFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    static String format(List<Integer> ports) {
        return ports.stream().map(String::valueOf).collect(Collectors.joining("\n"));
    }

    public void write(List<Integer> ports) {
        Path temp = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            temp = Files.createTempFile(dir, ".forwarded-port-", ".tmp");
            Files.writeString(temp, format(ports));
            temp.toFile().setReadable(true, false); // 0644 as gluetun writes it: other containers' users read it
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("writing port file " + file);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the forwarded port to " + file + ": " + e.getMessage()
                    + "; valid: VPN_PORT_FORWARDING_STATUS_FILE set to a writable path");
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // the warning above already says the directory is in trouble
                }
            }
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot delete " + file + ": " + e.getMessage());
        }
    }
}
