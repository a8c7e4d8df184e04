package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Removes labs whose JVM died without tearing down (SIGKILL, a forked test VM killed on timeout):
 * each lab directory holds an owner file naming its JVM; a lab whose owner is gone is swept like
 * {@link Lab#close()} would. Labs of live JVMs, and directories without an owner file, are left alone.
 */
final class LabJanitor {
    static final String DIRECTORY_PREFIX = "tunnelkeeper-lab-";
    private static final String OWNER_FILE = "owner";

    private LabJanitor() {
    }

    /** Marks {@code dir} as owned by this JVM (PID and start time, so a reused PID does not count). */
    static void claim(Path dir) {
        LabFiles.writePrivate(dir.resolve(OWNER_FILE), identity(ProcessHandle.current()).orElse("unknown") + "\n");
    }

    /** A closed lab whose directory is kept is no one's to sweep. */
    static void release(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(OWNER_FILE));
        } catch (IOException e) {
            throw new LabException("cannot release " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Sweeps every abandoned lab under {@code base}; returns the prefixes it removed. */
    static List<String> sweepAbandoned(Path base) {
        List<String> swept = new ArrayList<>();
        for (Path dir : labDirectories(base)) {
            if (isAbandoned(dir)) {
                LabNames names = new LabNames(dir.getFileName().toString().substring(DIRECTORY_PREFIX.length()));
                try {
                    LabNetwork.killProcessesInside(names);
                    WireGuardSockets.deleteAll(names);
                    LabNetwork.deleteNamespaces(names);
                    LabFiles.deleteTree(dir);
                    swept.add(names.prefix());
                } catch (RuntimeException e) {
                    // Best effort: another JVM may be sweeping the same lab; it is not the new lab's problem.
                    System.err.println("tunnelkeeper lab: could not sweep abandoned lab " + names.prefix() + ": " + e.getMessage());
                }
            }
        }
        return swept;
    }

    private static boolean isAbandoned(Path dir) {
        String owner;
        try {
            owner = Files.readString(dir.resolve(OWNER_FILE)).strip();
        } catch (IOException e) {
            return false;
        }
        String pid = owner.split(" ")[0];
        if (!pid.matches("[0-9]+")) {
            return true;
        }
        // Abandoned unless that PID is alive and still the same process (same start time).
        Optional<String> current = ProcessHandle.of(Long.parseLong(pid)).flatMap(LabJanitor::identity);
        return current.map(identity -> !identity.equals(owner)).orElse(true);
    }

    private static Optional<String> identity(ProcessHandle process) {
        return process.info().startInstant().map(start -> process.pid() + " " + start.toEpochMilli());
    }

    private static List<Path> labDirectories(Path base) {
        try (Stream<Path> entries = Files.list(base)) {
            return entries.filter(path -> path.getFileName().toString().matches(DIRECTORY_PREFIX + "tk[0-9a-f]{4}"))
                    .filter(Files::isDirectory)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
