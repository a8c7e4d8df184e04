package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.config.WireGuardSettings;
import dev.tunnelkeeper.config.WireGuardSettings.Implementation;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.process.ChildProcess;
import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.ShortCommands;
import dev.tunnelkeeper.process.LastLines;
import dev.tunnelkeeper.process.PrivateDirectory;
import dev.tunnelkeeper.process.ProcessLauncher;
import dev.tunnelkeeper.process.Redactor;
import dev.tunnelkeeper.process.RepeatedLines;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One WireGuard interface toward one server, brought up on a thread of its own: interface (kernel link or
 * wireguard-go), keys, addresses, MTU, routes and rules, then a wait for the first handshake. Every change is
 * recorded with its undo before it is made, so {@link #stop()} removes exactly what exists, also after a failed start.
 */
final class WireGuardTunnel implements Tunnel {
    private static final Log LOG = Log.of("wireguard");
    private static final String UAPI_READY = "UAPI listener started";
    private static final String SOCKET_DIRECTORY = "/var/run/wireguard";
    private static final Duration UAPI_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SETUP_JOIN = Duration.ofSeconds(10);

    private final String iface;
    private final WireGuardSettings settings;
    private final Connection connection;
    private final ProcessLauncher launcher;
    private final ShortCommands commands;
    private final Duration grace;
    private final AtomicBoolean kernelMayWork;
    private final Redactor redactor;
    private final LastLines lastLines = new LastLines();
    private final RepeatedLines relayed = new RepeatedLines(LOG);
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> uapiReady = new CompletableFuture<>();
    private final ChangeJournal changes = new ChangeJournal();
    private volatile ChildProcess wireguardGo;
    private volatile boolean stopping;
    private Thread setup;
    private CompletableFuture<Void> stopped;

    WireGuardTunnel(String iface, WireGuardSettings settings, Connection connection, ProcessLauncher launcher,
                    Duration grace, AtomicBoolean kernelMayWork) {
        this.iface = iface;
        this.settings = settings;
        this.connection = connection;
        this.launcher = launcher;
        this.commands = new ShortCommands(launcher);
        this.grace = grace;
        this.kernelMayWork = kernelMayWork;
        this.redactor = new Redactor(List.of(settings.privateKey(), settings.presharedKey()));
    }

    synchronized void begin() {
        setup = Thread.ofVirtual().name("wireguard-setup-" + iface).start(this::setUp);
    }

    private void setUp() {
        try {
            createInterface();
            configure();
            // Addresses, the link, the routes and the rules: one ip process (each costs ~8 ms in the image).
            List<String> lines = new ArrayList<>();
            for (String cidr : settings.addresses()) {
                if (WireGuardPlan.isIpv4(cidr)) {
                    lines.add(WireGuardPlan.addAddress(iface, cidr));
                } else {
                    LOG.info("skipping address " + cidr + ": tunnelkeeper routes IPv4 only");
                }
            }
            lines.add(WireGuardPlan.linkUp(iface, settings.mtu()));
            List<WireGuardPlan.Change> routing = WireGuardPlan.routing(iface, settings.allowedIps());
            List<String> undo = routing.stream().map(WireGuardPlan.Change::undo).toList();
            IpBatch.attempt(commands, undo); // a rule left by a run that was killed would make "add" fail
            changes.recordAll(undo);
            routing.forEach(change -> lines.add(change.apply()));
            runBatch(lines);
            awaitHandshake();
            if (settings.persistentKeepalive().isZero()) {
                run(WireGuardPlan.keepaliveOff(iface, peerKey()));
            }
            ready.complete(null);
        } catch (InterruptedException e) {
            ready.completeExceptionally(new IllegalStateException("stopped while coming up"));
        } catch (CommandException | IOException | RuntimeException e) {
            ready.completeExceptionally(stopping ? new IllegalStateException("stopped while coming up") : e);
        }
    }

    private void createInterface() throws CommandException, IOException, InterruptedException {
        Implementation implementation = settings.implementation();
        if (implementation == Implementation.KERNELSPACE
                || implementation == Implementation.AUTO && kernelMayWork.get()) {
            changes.record(WireGuardPlan.linkDelete(iface));
            CommandResult result = commands.attempt(List.of("ip", "link", "add", iface, "type", "wireguard"));
            if (result.succeeded()) {
                LOG.info("using the kernel's WireGuard");
                return;
            }
            changes.forgetLast();
            if (implementation == Implementation.KERNELSPACE || !lacksKernelSupport(result)) {
                throw new CommandException(result.describe() + (lacksKernelSupport(result)
                        ? " (the kernel has no WireGuard: set WIREGUARD_IMPLEMENTATION=auto or userspace)" : ""));
            }
            kernelMayWork.set(false);
            LOG.info("the kernel has no WireGuard: using the userspace implementation (wireguard-go)");
        }
        startWireGuardGo();
    }

    private void startWireGuardGo() throws IOException, CommandException, InterruptedException {
        // wireguard-go removes its interface when it ends on SIGTERM; this undo is for the one a killed run left.
        changes.record(WireGuardPlan.linkDelete(iface));
        // Foreground, or the PID we hold exits at once; verbose, for the "UAPI listener started" line we wait for.
        ChildProcess child = launcher.start(List.of("wireguard-go", iface),
                Map.of("WG_PROCESS_FOREGROUND", "1", "LOG_LEVEL", "verbose"), null, this::onLine);
        wireguardGo = child;
        child.exit().thenAccept(status -> {
            relayed.flush();
            uapiReady.completeExceptionally(new CommandException("wireguard-go exited with status " + status
                    + " before it was ready: " + String.join(" | ", lastLines.get())));
            ended.complete("wireguard-go exited with status " + status);
        });
        try {
            uapiReady.get(UAPI_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CommandException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new CommandException("wireguard-go did not open its control socket within " + UAPI_TIMEOUT.toMillis() + " ms");
        }
    }

    private void onLine(String raw) {
        String line = redactor.apply(raw);
        lastLines.add(line);
        relayed.relay(WireGuardOutput.classify(line));
        if (line.contains(UAPI_READY)) {
            uapiReady.complete(null);
        }
    }

    /** Keys go to wg through 0600 files in a private directory, deleted as soon as wg has read them. */
    private void configure() throws IOException, CommandException, InterruptedException {
        try (PrivateDirectory keys = PrivateDirectory.create("tunnelkeeper-wireguard-")) {
            Path privateKey = keys.write("private.key", settings.privateKey().value() + "\n", PrivateDirectory.READ_WRITE);
            Optional<Path> presharedKey = settings.presharedKey().isSet()
                    ? Optional.of(keys.write("preshared.key", settings.presharedKey().value() + "\n", PrivateDirectory.READ_WRITE))
                    : Optional.empty();
            run(WireGuardPlan.configure(iface, peerKey(), connection.endpoint(), privateKey, presharedKey,
                    settings.persistentKeepalive(), settings.allowedIps()));
        }
    }

    private void awaitHandshake() throws CommandException, InterruptedException {
        LOG.debug(iface + " is up; waiting for the first handshake with " + connection.endpoint());
        for (int polls = 0; !WireGuardPlan.handshakeDone(run(WireGuardPlan.latestHandshakes(iface))); polls++) {
            Thread.sleep(WireGuardPlan.handshakePollDelay(polls));
        }
    }

    private String peerKey() {
        return connection.wireGuardPublicKey().orElseThrow(() -> new IllegalStateException(
                "server " + connection.serverName() + " has no WireGuard public key (WIREGUARD_PUBLIC_KEY)"));
    }

    private String run(List<String> command) throws CommandException, InterruptedException {
        throwIfStopping();
        return commands.check(command);
    }

    private void runBatch(List<String> lines) throws CommandException, InterruptedException {
        throwIfStopping();
        IpBatch.check(commands, lines);
    }

    private void throwIfStopping() throws InterruptedException {
        if (stopping || Thread.currentThread().isInterrupted()) {
            throw new InterruptedException();
        }
    }

    private static boolean lacksKernelSupport(CommandResult result) {
        String output = result.output();
        return output.contains("Unknown device type") || output.contains("not supported");
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
            stopping = true;
            stopped = new CompletableFuture<>();
            Thread setupThread = setup;
            Thread.ofVirtual().name("wireguard-stop-" + iface).start(() -> {
                tearDown(setupThread);
                stopped.complete(null);
            });
        }
        return stopped;
    }

    private void tearDown(Thread setupThread) {
        if (setupThread != null) {
            setupThread.interrupt();
            try {
                if (!setupThread.join(SETUP_JOIN)) {
                    LOG.error("the setup of " + iface + " did not end within " + SETUP_JOIN.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ChildProcess child = wireguardGo;
        if (child != null) {
            // On SIGTERM wireguard-go removes its interface; killed, the kernel removes it with the tun device.
            ChildProcess.Termination t = child.terminate(grace).exceptionally(e -> null).join();
            if (t == null || t.killed()) {
                LOG.warn("wireguard-go did not exit within " + grace.toMillis() + " ms of SIGTERM and was killed");
            }
            if (t == null || t.exitStatus() > 128) {
                // Killed by a signal (ours or anyone's), it could not remove its control socket.
                commands.attempt(List.of("rm", "-f", SOCKET_DIRECTORY + "/" + iface + ".sock"));
            }
        }
        changes.undoAll(commands);
    }
}
