package dev.tunnelkeeper.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * Where the running instance says its health server listens: one line {@code host:port} in
 * {@code $TK_RUN_DIR/health-server} (default {@code /tmp/tunnelkeeper}), written once the server is bound and deleted on
 * a clean stop. {@code healthcheck} reads it, so it asks the port the instance really has, whatever the YAML file,
 * its sections' order or an "any free port" setting made of it. JDK classes only: the healthcheck loads this.
 */
public final class HealthAddressFile {
    static final String RUN_DIR = "TK_RUN_DIR";
    static final Path DEFAULT_RUN_DIR = Path.of("/tmp", "tunnelkeeper");
    private static final String NAME = "health-server";

    private HealthAddressFile() {
    }

    public static Path location(Map<String, String> env) {
        String dir = env.getOrDefault(RUN_DIR, "");
        return (dir.isEmpty() ? DEFAULT_RUN_DIR : Path.of(dir)).resolve(NAME);
    }

    /**
     * Records the address to dial: a wildcard bind (0.0.0.0, ::, empty) is dialled on 127.0.0.1.
     * Written to a temporary file and moved, so a reader never sees half a line.
     */
    public static void write(Path file, String bindHost, int port) throws IOException {
        String host = bindHost.isEmpty() || bindHost.equals("0.0.0.0") || bindHost.equals("::") || bindHost.equals("[::]")
                ? "127.0.0.1" : bindHost;
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(NAME + ".tmp");
        Files.writeString(tmp, host + ":" + port + "\n", StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The recorded host:port, or empty when there is no (readable, non-empty) file. */
    static Optional<String> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
            return text.isEmpty() ? Optional.empty() : Optional.of(text);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the next start overwrites it
        }
    }
}
