package dev.tunnelkeeper.vpn.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How the VPN clients run programs: long-lived children (openvpn, wireguard-go) and short tools (ip, wg).
 * The seam that lets the lab run every command inside a network namespace and unit tests run none.
 */
public interface ProcessLauncher {

    /**
     * Starts a long-lived child. Each line it prints (stdout and stderr merged) goes to {@code onLine}, on a reader
     * thread, in order.
     *
     * @param workingDirectory where the child runs; null: the JVM's
     */
    ChildProcess start(List<String> command, Map<String, String> environment, Path workingDirectory,
                       Consumer<String> onLine) throws IOException;

    /** Runs a short command to completion; throws when it cannot start or does not finish within {@code timeout}. */
    CommandResult run(List<String> command, Duration timeout) throws IOException;
}
