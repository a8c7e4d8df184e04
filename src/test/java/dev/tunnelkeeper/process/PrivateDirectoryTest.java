package dev.tunnelkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class PrivateDirectoryTest {
    @Test
    void holdsFilesOnlyItsOwnerCanReadAndDeletesThemOnClose() throws Exception {
        Path dir;
        Path auth;
        try (PrivateDirectory files = PrivateDirectory.create("tk-test-")) {
            dir = files.path();
            auth = files.write("auth", "user\npass\n", PrivateDirectory.READ_ONLY);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
            assertEquals("user\npass\n", Files.readString(auth));
        }
        assertFalse(Files.exists(auth));
        assertFalse(Files.exists(dir));
    }
}
