package dev.tunnelkeeper.process;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the product runs programs: long-lived children (openvpn, wireguard-go, the port forwarding commands) and
 * short commands (ip, wg, iptables-restore). The seam that lets the lab run every command inside a network namespace
 * and unit tests run none.
 */
public interface ProcessLauncher extends CommandRunner {

    /**
     * Starts a long-lived child. Each line it prints (stdout and stderr merged) goes to {@code onLine}, on a reader
     * thread, in order.
     *
     * @param workingDirectory where the child runs; null: the JVM's
     */
    ChildProcess start(List<String> command, Map<String, String> environment, Path workingDirectory,
                       Consumer<String> onLine) throws IOException;
}
