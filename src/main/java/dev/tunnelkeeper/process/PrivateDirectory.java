package dev.tunnelkeeper.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * A temporary directory only its owner can enter (0700), for files that hold secrets (credentials, keys) for the
 * time a child needs them. {@link #close()} deletes it with everything in it.
 */
public final class PrivateDirectory implements AutoCloseable {
    public static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--------");
    public static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");

    private final Path path;

    private PrivateDirectory(Path path) {
        this.path = path;
    }

    public static PrivateDirectory create(String prefix) throws IOException {
        return new PrivateDirectory(Files.createTempDirectory(prefix,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))));
    }

    public Path path() {
        return path;
    }

    /** Writes a file that is created 0600 (never readable by others, not even for a moment), then given {@code mode}. */
    public Path write(String name, String content, Set<PosixFilePermission> mode) throws IOException {
        Path file = Files.createFile(path.resolve(name), PosixFilePermissions.asFileAttribute(READ_WRITE));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, mode);
        return file;
    }

    /** Deletes one file now (a key that is no longer needed). */
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
