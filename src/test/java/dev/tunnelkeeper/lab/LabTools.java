package dev.tunnelkeeper.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Absolute paths of the programs the lab runs: a test JVM's PATH may lack /usr/sbin. */
final class LabTools {
    static final List<String> REQUIRED = List.of("ip", "openvpn", "wireguard-go", "wg", "iptables", "openssl", "sysctl");
    private static final List<String> SYSTEM_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin");

    private LabTools() {
    }

    static Optional<Path> find(String command) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SYSTEM_DIRS);
        return dirs.stream()
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** The absolute path of a required command, or a LabException naming the missing one. */
    static String path(String command) {
        return find(command)
                .map(Path::toString)
                .orElseThrow(() -> new LabException("command not found: " + command + " (" + LabRequirements.INSTALL_HINT + ")"));
    }

    /** Resolves a bare command name to its absolute path when it can; leaves anything else alone. */
    static String resolve(String command) {
        if (command.contains("/")) {
            return command;
        }
        return find(command).map(Path::toString).orElse(command);
    }

    static List<String> missing() {
        return REQUIRED.stream().filter(command -> find(command).isEmpty()).toList();
    }
}
