package dev.tunnelkeeper.vpn;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One started VPN client toward one server, from its start to its teardown. */
public interface Tunnel {

    /** The tunnel interface (VPN_INTERFACE). */
    String iface();

    /** Completes when the tunnel carries traffic; completes exceptionally when bringing it up failed. */
    CompletableFuture<Void> ready();

    /** Completes, with why, when the client ends on its own (its process exited, it lost the server). */
    CompletableFuture<String> ended();

    /** The client's last output lines, for crash reports. */
    List<String> lastLines();

    /**
     * Ends the client and removes everything it set up (process, interface, routes, rules, files).
     * Completes when all is gone; calling it again returns the same future.
     */
    CompletableFuture<Void> stop();
}
