package dev.tunnelkeeper.publicip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.log.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicIpFileTest {
    @TempDir
    Path dir;

    @Test
    void writesTheAddressAloneThroughARename() throws Exception {
        Path file = dir.resolve("ip");
        new PublicIpFile(file).write("192.0.2.9");
        assertEquals("192.0.2.9", Files.readString(file));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(file), entries.toList(), "no temporary file is left");
        }
    }

    @Test
    void aFailedWriteIsOneWarningAndLeavesNoTemporaryFileBehind() throws Exception {
        // The rename cannot replace a non-empty directory: the write fails after the temporary file exists,
        // as it does on a full disk.
        Path file = Files.createDirectories(dir.resolve("ip"));
        Files.writeString(file.resolve("occupied"), "x");
        try (LogCapture log = new LogCapture()) {
            new PublicIpFile(file).write("192.0.2.9");
            assertEquals(1, log.count("WARN [ip getter] cannot write the public IP address to " + file), log.lines().toString());
        }
        try (var entries = Files.list(dir)) {
            List<Path> left = entries.toList();
            assertEquals(List.of(file), left, "only what was there before");
        }
        assertTrue(Files.exists(file.resolve("occupied")));
    }
}
