package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resolver configuration file (/etc/resolv.conf), pointed at the local resolver so that every program in the
 * container asks it, and put back as it was on a clean exit. Written in place, never renamed over: in a container
 * (and under {@code ip netns exec}) the file is often a bind mount, and a rename onto it fails with EBUSY.
 */
final class ResolvConf {
    private static final Log LOG = Log.of("dns");
    static final String HEADER = "# written by tunnelkeeper: names resolve through its resolver, inside the tunnel;"
            + " the previous file comes back when it exits";

    private final Path path;
    private final Optional<String> previous;

    private ResolvConf(Path path, Optional<String> previous) {
        this.path = path;
        this.previous = previous;
    }

    /** Points the file at {@code nameserver}, keeping its search, domain and options lines; returns how to undo it. */
    static ResolvConf point(Path path, String nameserver) throws IOException {
        Optional<String> previous = Files.exists(path) ? Optional.of(Files.readString(path)) : Optional.empty();
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        lines.add("nameserver " + nameserver);
        List<String> before = new ArrayList<>();
        for (String line : previous.orElse("").lines().toList()) {
            String word = line.strip().split("\\s+", 2)[0];
            if (word.equals("search") || word.equals("domain") || word.equals("options")) {
                lines.add(line.strip());
            } else if (word.equals("nameserver")) {
                before.add(line.strip().substring("nameserver".length()).strip());
            }
        }
        writeInPlace(path, String.join("\n", lines) + "\n");
        LOG.info(path + " points at the local resolver " + nameserver
                + (before.isEmpty() ? "" : " instead of " + String.join(", ", before)) + "; it is restored on exit");
        return new ResolvConf(path, previous);
    }

    /** Writes back what was there, in place; a file that was not there is removed again. */
    void restore() {
        try {
            if (previous.isPresent()) {
                writeInPlace(path, previous.get());
            } else {
                Files.deleteIfExists(path);
            }
            LOG.info("restored " + path);
        } catch (IOException e) {
            LOG.error("cannot restore " + path + ": " + e.getMessage());
        }
    }

    private static void writeInPlace(Path path, String text) throws IOException {
        Files.writeString(path, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
    }
}
