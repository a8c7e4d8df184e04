package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Says why the lab cannot run on this machine; free of JUnit so the demo main can use it too. */
final class LabRequirements {
    static final String INSTALL_HINT =
            "apt-get install -y --no-install-recommends openvpn wireguard-tools wireguard-go iptables iproute2 openssl";

    private LabRequirements() {
    }

    /** Empty when the lab can run, else the reason it cannot. */
    static Optional<String> whyLabCannotRun() {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase().contains("linux")) {
            return Optional.of("the lab needs Linux network namespaces; this is " + os);
        }
        String uid = realUid();
        if (!"0".equals(uid)) {
            return Optional.of("the lab needs root (uid 0) to create network namespaces; running as uid " + uid);
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            return Optional.of("the lab needs /dev/net/tun for openvpn and wireguard-go");
        }
        List<String> missing = LabTools.missing();
        if (!missing.isEmpty()) {
            return Optional.of("the lab needs these commands: " + String.join(", ", missing) + " (" + INSTALL_HINT + ")");
        }
        return Optional.empty();
    }

    private static String realUid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> line.split("\\s+")[1])
                    .findFirst()
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
