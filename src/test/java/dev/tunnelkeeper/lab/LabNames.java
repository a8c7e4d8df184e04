package dev.tunnelkeeper.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Names of one lab's namespaces and interfaces, all under a random prefix ("tk" + 4 hex) so that
 * concurrent or leftover labs never clash. WireGuard interface names must be unique machine-wide
 * because /var/run/wireguard is shared by all namespaces: they carry the prefix too.
 */
record LabNames(String prefix) {
    static final Path NETNS_DIR = Path.of("/var/run/netns");
    private static final int MAX_INTERFACE_NAME = 15;
    private static final Pattern TAG = Pattern.compile("[a-z0-9]+");
    private static final SecureRandom RANDOM = new SecureRandom();

    static LabNames unique() {
        while (true) {
            byte[] bytes = new byte[2];
            RANDOM.nextBytes(bytes);
            LabNames names = new LabNames("tk" + HexFormat.of().formatHex(bytes));
            if (!names.inUse()) {
                return names;
            }
        }
    }

    String clientNamespace() {
        return prefix + "-cli";
    }

    String routerNamespace() {
        return prefix + "-lan";
    }

    String serverNamespace(int server) {
        return prefix + "-s" + server;
    }

    List<String> namespaces(int servers) {
        List<String> all = new ArrayList<>(List.of(clientNamespace(), routerNamespace()));
        IntStream.rangeClosed(1, servers).mapToObj(this::serverNamespace).forEach(all::add);
        return all;
    }

    String wireGuardServerInterface(int server) {
        return interfaceName("w" + server);
    }

    /** A machine-wide unique interface name for this lab, e.g. "tk1a2b-wc" for tag "wc". */
    String interfaceName(String tag) {
        String name = prefix + "-" + tag;
        if (!TAG.matcher(tag).matches() || name.length() > MAX_INTERFACE_NAME) {
            throw new IllegalArgumentException("interface tag must be [a-z0-9]+ and the name at most "
                    + MAX_INTERFACE_NAME + " characters: " + name);
        }
        return name;
    }

    /** Whether a namespace, interface or socket name belongs to this lab. */
    boolean owns(String name) {
        return name.startsWith(prefix + "-");
    }

    private boolean inUse() {
        return anyOwned(NETNS_DIR) || anyOwned(WireGuardSockets.DIR);
    }

    private boolean anyOwned(Path dir) {
        try (var entries = Files.list(dir)) {
            return entries.anyMatch(path -> owns(path.getFileName().toString()));
        } catch (java.io.IOException e) {
            return false; // no such directory yet: nothing can clash
        }
    }
}
