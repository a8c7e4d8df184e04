package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnConfigurationException;
import dev.tunnelkeeper.process.ChildProcess;
import dev.tunnelkeeper.process.ShortCommands;
import dev.tunnelkeeper.process.LastLines;
import dev.tunnelkeeper.process.PrivateDirectory;
import dev.tunnelkeeper.process.Redactor;
import dev.tunnelkeeper.process.RepeatedLines;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One openvpn process: ready at {@code Initialization Sequence Completed}; ended when it exits, or when it restarts
 * its connection on its own (ping-restart, TLS error...), because reconnecting is the supervisor's decision: it
 * backs off, asks for a server and tells the server source.
 */
final class OpenVpnTunnel implements Tunnel {
    private static final Log LOG = Log.of("openvpn");
    private static final String READY = "Initialization Sequence Completed";
    private static final Pattern INTERNAL_RESTART = Pattern.compile("^SIGUSR1\\[([^]]*)] received, process restarting");
    // openvpn does not give up when its tun device goes away (deleted under it): it spins on the failing read.
    // ICMP port unreachable from the server: nothing listens on its port any more (its openvpn died, the host is up).
    // openvpn itself waits for its ping-restart (10 s and more); a few refusals in a row are enough to say so.
    private static final String REFUSED = "read UDPv4 [ECONNREFUSED]";
    static final int REFUSALS_TO_END = 3;
    private static final Pattern TUN_READ_FAILED = Pattern.compile("^read from TUN/TAP : (.*?)(?: \\(fd=.*)?$");

    private final String iface;
    private final Endpoint endpoint;
    private final PrivateDirectory files;
    private final ShortCommands commands;
    private final Duration grace;
    private final Redactor redactor;
    private final OptionErrors optionErrors;
    private final LastLines lastLines = new LastLines();
    private final RepeatedLines relayed = new RepeatedLines(LOG);
    private int refusalsInARow; // only the output reader thread touches it
    private volatile String lastCause; // the last line that says why openvpn fails, for the exit's reason
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<ChildProcess> child = new CompletableFuture<>();
    private final AtomicReference<String> endReason = new AtomicReference<>();
    private CompletableFuture<Void> stopped;

    OpenVpnTunnel(String iface, Endpoint endpoint, PrivateDirectory files, ShortCommands commands, Duration grace,
                  Redactor redactor, OptionErrors optionErrors) {
        this.iface = iface;
        this.endpoint = endpoint;
        this.files = files;
        this.commands = commands;
        this.grace = grace;
        this.redactor = redactor;
        this.optionErrors = optionErrors;
    }

    /** Called for each output line, on the reader thread (possibly before {@link #attach}). */
    void onLine(String raw) {
        String line = redactor.apply(raw);
        lastLines.add(line);
        relayed.relay(OpenVpnOutput.classify(line));
        optionErrors.offer(line);
        if (OpenVpnOutput.isCause(line) || line.contains("ca md too weak")) {
            lastCause = line;
        }
        if (line.startsWith(READY)) {
            if (line.contains("With Errors")) {
                endOnItsOwn("openvpn completed its initialization with errors (see the lines above)");
            } else {
                ready.complete(null);
            }
        }
        Matcher restart = INTERNAL_RESTART.matcher(line);
        if (restart.find()) {
            endOnItsOwn("openvpn restarted its connection on its own (" + restart.group(1) + ")");
        }
        refusalsInARow = line.startsWith(REFUSED) ? refusalsInARow + 1 : 0;
        if (refusalsInARow == REFUSALS_TO_END) {
            endOnItsOwn("the server " + endpoint + " refuses: nothing listens on its port (" + REFUSALS_TO_END
                    + " ICMP port-unreachable answers in a row)");
        }
        Matcher tunFailed = TUN_READ_FAILED.matcher(line);
        if (tunFailed.find()) {
            endOnItsOwn("openvpn cannot read from the tunnel interface " + iface + " (" + tunFailed.group(1)
                    + "): it was probably deleted");
        }
    }

    void attach(ChildProcess process) {
        child.complete(process);
        process.exit().thenAccept(status -> {
            relayed.flush();
            // They quote lines of the user's file: masked like the output, should one carry the password.
            List<String> refused = optionErrors.problems().stream().map(redactor::apply).toList();
            if (!refused.isEmpty() && !ready.isDone()) {
                // It refused its configuration before touching the network: a retry would print the same.
                ended.completeExceptionally(new VpnConfigurationException(refused));
                return;
            }
            String reason = endReason.get();
            String cause = lastCause;
            ended.complete(reason != null ? reason
                    : "openvpn exited with status " + status + (cause == null ? "" : ": " + cause));
        });
    }

    private void endOnItsOwn(String reason) {
        if (endReason.compareAndSet(null, reason)) {
            child.thenAccept(process -> process.terminate(grace));
        }
    }

    @Override
    public String iface() {
        return iface;
    }

    @Override
    public CompletableFuture<Void> ready() {
        return ready;
    }

    @Override
    public CompletableFuture<String> ended() {
        return ended;
    }

    @Override
    public List<String> lastLines() {
        return lastLines.get();
    }

    @Override
    public synchronized CompletableFuture<Void> stop() {
        if (stopped == null) {
            stopped = child.thenCompose(process -> process.terminate(grace))
                    .handle((termination, error) -> {
                        if (error != null) {
                            LOG.error("stopping openvpn failed: " + error.getMessage());
                        }
                        cleanUp(error != null || termination.killed());
                        return null;
                    });
        }
        return stopped;
    }

    private void cleanUp(boolean killed) {
        if (killed) {
            LOG.warn("openvpn did not exit within " + grace.toMillis() + " ms of SIGTERM and was killed");
        }
        // On SIGTERM openvpn removes its routes itself. Killed (by us, or by anyone: OOM), it leaves the
        // endpoint's /32 via the old gateway (redirect-gateway def1); its interface goes with the process.
        if (commands.attempt(List.of("ip", "route", "del", endpoint.ip() + "/32")).succeeded()) {
            LOG.info("removed the route to " + endpoint.ip() + " that openvpn left behind");
        }
        try {
            files.close();
        } catch (IOException e) {
            LOG.error("cannot delete " + files.path() + " (it holds the credentials): " + e.getMessage());
        }
    }
}
