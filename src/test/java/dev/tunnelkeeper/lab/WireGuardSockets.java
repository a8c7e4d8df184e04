package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * wireguard-go's UAPI sockets in /var/run/wireguard, a directory shared by every network namespace:
 * `wg` needs the socket to exist, and a wireguard-go killed hard leaves its socket behind.
 */
final class WireGuardSockets {
    static final Path DIR = Path.of("/var/run/wireguard");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private WireGuardSockets() {
    }

    static Path of(String device) {
        return DIR.resolve(device + ".sock");
    }

    /** The socket appears ~130 ms after wireguard-go starts; `wg set` needs it. */
    static void await(String device, Process wireGuardGo, Path log) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.exists(of(device))) {
            if (!wireGuardGo.isAlive() || System.nanoTime() > deadline) {
                String why = wireGuardGo.isAlive()
                        ? " made no socket " + of(device) + " within " + TIMEOUT.toMillis() + " ms"
                        : " exited with code " + wireGuardGo.exitValue();
                throw new LabException("wireguard-go " + device + why + "; its log " + log + " ends with:\n"
                        + LogWatch.tail(log, 0));
            }
            LogWatch.sleep(Duration.ofMillis(5));
        }
    }

    static void delete(String device) {
        try {
            Files.deleteIfExists(of(device));
        } catch (IOException e) {
            throw new LabException("cannot delete the WireGuard socket of " + device + ": " + e.getMessage(), e);
        }
    }

    static void deleteAll(LabNames names) {
        try (Stream<Path> entries = Files.list(DIR)) {
            for (Path socket : entries.filter(path -> names.owns(path.getFileName().toString())).toList()) {
                Files.deleteIfExists(socket);
            }
        } catch (NoSuchFileException e) {
            // no wireguard-go ever ran on this machine
        } catch (IOException e) {
            throw new LabException("cannot delete the WireGuard sockets of lab " + names.prefix() + ": " + e.getMessage(), e);
        }
    }
}
