package dev.tunnelkeeper.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tunnelkeeper.log.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** resolv.conf is pointed at the resolver in place, keeping search and options, and restored byte for byte. */
class ResolvConfTest {
    @TempDir
    Path dir;

    @Test
    void pointsAtTheResolverKeepsSearchAndOptionsAndRestores() throws Exception {
        String before = "# from the runtime\nsearch lan example.org\nnameserver 10.0.0.2\nnameserver 10.0.0.3\noptions ndots:2\n";
        Path file = Files.writeString(dir.resolve("resolv.conf"), before);
        Object inode = Files.getAttribute(file, "unix:ino");
        try (LogCapture log = new LogCapture()) {
            ResolvConf conf = ResolvConf.point(file, "127.0.0.1");
            assertEquals(ResolvConf.HEADER + "\nnameserver 127.0.0.1\nsearch lan example.org\noptions ndots:2\n", Files.readString(file));
            assertEquals(inode, Files.getAttribute(file, "unix:ino"), "written in place (a bind mount cannot be renamed over)");
            assertEquals(1, log.count("INFO [dns] " + file + " points at the local resolver 127.0.0.1 instead of 10.0.0.2, 10.0.0.3; it is restored on exit"),
                    log.lines().toString());
            conf.restore();
            assertEquals(before, Files.readString(file));
            assertEquals(1, log.count("INFO [dns] restored " + file));
        }
    }

    @Test
    void aFileThatWasNotThereIsRemovedAgain() throws Exception {
        Path file = dir.resolve("resolv.conf");
        ResolvConf conf = ResolvConf.point(file, "127.0.0.1");
        assertEquals(ResolvConf.HEADER + "\nnameserver 127.0.0.1\n", Files.readString(file));
        conf.restore();
        assertFalse(Files.exists(file));
    }
}
