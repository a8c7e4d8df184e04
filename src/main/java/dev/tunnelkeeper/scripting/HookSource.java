package dev.tunnelkeeper.scripting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One hook file's text as read from disk, with a digest that tells a real change from a touch.
 *
 * @param file   the file's name, as logs and errors show it
 * @param text   its source
 * @param digest SHA-256 of its bytes
 */
record HookSource(String file, String text, String digest) {
    /** Hook files are small; anything larger is a mistake (a log file, a bundle) not worth loading. */
    static final long MAX_BYTES = 1024 * 1024;

    static HookSource read(Path path) throws IOException {
        long size = Files.size(path);
        if (size > MAX_BYTES) {
            throw new IOException("it has " + size + " bytes; a hook file may have at most " + MAX_BYTES);
        }
        byte[] bytes = Files.readAllBytes(path);
        return of(path.getFileName().toString(), new String(bytes, StandardCharsets.UTF_8));
    }

    static HookSource of(String file, String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return new HookSource(file, text, HexFormat.of().formatHex(sha));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
