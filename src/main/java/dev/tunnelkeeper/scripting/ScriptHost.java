package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.control.metrics.HookMetrics;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.ServerSelector;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The user's JavaScript hooks, as the rest of the supervisor sees them: a heal policy, a server selector and the
 * notification listeners, each falling back to the built-in whenever the hooks have nothing (valid) to say.
 *
 * <p>Loading happens on a thread of its own: {@link #start()} returns at once, the built-ins answer until the first
 * scan has loaded the files (the JS engine takes about a second to warm), then the hooks take over. The directory
 * is scanned again every {@value #SCAN_SECONDS} seconds for new, changed and deleted files.
 */
public final class ScriptHost implements AutoCloseable {
    static final int SCAN_SECONDS = 2;
    private static final Log LOG = Log.of("hooks");

    private final HookSettings settings;
    private final HookRegistry registry;
    private final ScriptReloader reloader;
    private final Scheduler loaderThread;
    private final Optional<SystemScheduler> ownThread;
    private final Scheduler clock;
    private final java.util.concurrent.Executor notifier;
    private final Optional<SystemScheduler> ownNotifier;
    private final java.util.concurrent.ExecutorService fetchIo;
    private final HookFetcher fetcher;
    private volatile boolean tunnelUp;
    private volatile HookMetrics metrics = HookMetrics.NONE;
    private volatile boolean loaded;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable nextScan = () -> { };

    private ScriptHost(HookSettings settings, List<String> lanSubnets, Scheduler clock, Scheduler loaderThread,
                       Optional<SystemScheduler> ownThread, java.util.concurrent.Executor notifier,
                       Optional<SystemScheduler> ownNotifier,
                       FetchExchange.Transport transport, FetchExchange.Resolver resolver) {
        this.settings = settings;
        this.clock = clock;
        this.registry = new HookRegistry(settings.timeout(), settings.maxErrors());
        HookSecrets secrets = new HookSecrets(settings.secrets());
        registry.mask(secrets);
        this.fetchIo = java.util.concurrent.Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("hook-fetch-", 0).factory());
        this.fetcher = new HookFetcher(new FetchPolicy(settings.fetchAllow(), lanSubnets), transport, resolver, fetchIo,
                () -> tunnelUp);
        fetcher.countWith(o -> metrics.fetched(o.id()));
        this.reloader = new ScriptReloader(settings.scriptsDir(), registry, new ModuleLoader(HookEngine::shared, clock,
                ModuleLoader.LOAD_LIMIT, secrets, Optional.of(fetcher)));
        this.loaderThread = loaderThread;
        this.ownThread = ownThread;
        this.notifier = notifier;
        this.ownNotifier = ownNotifier;
    }

    /**
     * The product's host, with a loader thread of its own. Nothing is read until {@link #start()}.
     *
     * @param lanSubnets FIREWALL_OUTBOUND_SUBNETS: tk.fetch reaches these at once, whether the tunnel is up or not
     * @param clock      the product's time source: {@code tk.now()}, the events' times and the durations they carry
     */
    public static ScriptHost create(HookSettings settings, List<String> lanSubnets, Scheduler clock) {
        SystemScheduler thread = new SystemScheduler("hooks");
        SystemScheduler notifications = new SystemScheduler("hook-notifications");
        return new ScriptHost(settings, lanSubnets, clock, thread, Optional.of(thread), notifications::execute,
                Optional.of(notifications), new HttpFetchTransport(), FetchExchange.Resolver.SYSTEM);
    }

    /** A host whose loads and scans run on the given scheduler (a virtual one in tests); notifications on a thread. */
    static ScriptHost create(HookSettings settings, Scheduler clock, Scheduler loaderThread) {
        SystemScheduler notifications = new SystemScheduler("hook-notifications");
        return new ScriptHost(settings, List.of(), clock, loaderThread, Optional.empty(), notifications::execute,
                Optional.of(notifications), new HttpFetchTransport(), FetchExchange.Resolver.SYSTEM);
    }

    /**
     * A host with its notifications and fetches given (tests: where notifications run, what carries the fetches and
     * how names resolve).
     */
    static ScriptHost create(HookSettings settings, List<String> lanSubnets, Scheduler clock, Scheduler loaderThread,
                             java.util.concurrent.Executor notifier, FetchExchange.Transport transport, FetchExchange.Resolver resolver) {
        return new ScriptHost(settings, lanSubnets, clock, loaderThread, Optional.empty(), notifier, Optional.empty(),
                transport, resolver);
    }

    /** Counts each hook call by outcome, and each tk.fetch (the control plane's metrics). */
    public void countWith(HookMetrics metrics) {
        this.metrics = metrics;
        registry.countWith(metrics);
    }

    /** Loads the hooks in the background and watches the directory; returns at once. */
    public void start() {
        loaderThread.execute(() -> {
            scanGuarded();
            loaded = true;
            List<HookFileStatus> files = registry.status();
            if (!files.isEmpty()) {
                LOG.info(files.stream().filter(f -> f.state() == HookFileStatus.State.ACTIVE).count() + " of "
                        + files.size() + " hook file(s) of " + settings.scriptsDir() + " active");
            }
            scheduleScan();
        });
    }

    /** Whether the first scan has finished (until then the built-ins answer everything). */
    public boolean loaded() {
        return loaded;
    }

    /** The healer's policy: {@code new AutoHealer(..., host.healPolicy(supervisor::status))}. */
    public HealPolicy healPolicy(Supplier<VpnStatus> vpn) {
        return new ScriptedHealPolicy(registry, vpn);
    }

    /** The selection: hooks first, then {@code fallback} (the SERVER_SELECTION built-in). */
    public ScriptedServerSelector serverSelector(ServerSelector fallback) {
        return new ScriptedServerSelector(registry, fallback);
    }

    /** As below, for a product without a tunnel interface name to tell onTunnelUp (tests). */
    public HookNotifications notifications(java.util.function.Consumer<VpnRequest> requests, Supplier<VpnStatus> vpn,
                                           Supplier<List<Candidate>> candidates, Duration cooldown) {
        return notifications(requests, vpn, candidates, cooldown, "");
    }

    /**
     * The listeners for onHealthy, onHealthCheckSucceeded (switch requests), onRestart, onTunnelUp/Down, onPublicIpChanged
     * and onPortForwarded.
     *
     * @param requests   where a switch goes: the supervisor's {@code send} (a switch is a restart toward a server)
     * @param vpn        the supervisor's status
     * @param candidates the source's candidates with their histories ({@code source::snapshot})
     * @param cooldown   SERVER_COOLDOWN, for the candidates' {@code coolingDown}
     * @param iface      the tunnel interface (VPN_INTERFACE's value), told to onTunnelUp with its addresses
     */
    public HookNotifications notifications(java.util.function.Consumer<VpnRequest> requests, Supplier<VpnStatus> vpn,
                                           Supplier<List<Candidate>> candidates, Duration cooldown, String iface) {
        return new HookNotifications(registry, requests, vpn, candidates, cooldown, clock, notifier,
                up -> {
                    tunnelUp = up;
                    if (up) {
                        fetcher.tunnelUp();
                    }
                }, iface);
    }

    /** Each hook file: state, exports, calls, errors, the last error with file:line; for the control API. */
    public List<HookFileStatus> status() {
        return registry.status();
    }

    /** What a reload left: the files whose hooks run, and the problems of those refused (the old version stays). */
    public record Reload(List<String> active, List<HookError> rejected) {
        public Reload {
            active = List.copyOf(active);
            rejected = List.copyOf(rejected);
        }
    }

    /**
     * Scans the directory now, on the loader's thread, and waits for it (the control API's reload). Returns the
     * state as it is if the scan takes longer than {@code timeout} (the engine may still be starting).
     */
    public Reload reload(Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            loaderThread.execute(() -> {
                scanGuarded();
                done.complete(null);
            });
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException | RejectedExecutionException e) {
            LOG.warn("the hook reload did not finish within " + timeout.toMillis() + " ms: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<HookFileStatus> files = registry.status();
        return new Reload(
                files.stream().filter(f -> f.state() == HookFileStatus.State.ACTIVE).map(HookFileStatus::file).toList(),
                files.stream().flatMap(f -> f.rejected().stream()).toList());
    }

    /** Scans now, on the caller's thread (tests). */
    void scanNow() {
        reloader.scan();
    }

    @Override
    public void close() {
        closed = true;
        nextScan.cancel();
        ownThread.ifPresent(SystemScheduler::close);
        ownNotifier.ifPresent(SystemScheduler::close);
        fetchIo.shutdownNow();
        reloader.unloadAll();
    }

    private void scheduleScan() {
        if (!closed) {
            nextScan = loaderThread.schedule(Duration.ofSeconds(SCAN_SECONDS), () -> {
                scanGuarded();
                scheduleScan();
            });
        }
    }

    // A scan that fails (an engine that cannot start) must not stop the watching: the next one may succeed.
    private void scanGuarded() {
        if (closed) {
            return;
        }
        try {
            reloader.scan();
        } catch (RuntimeException | LinkageError e) {
            LOG.error("loading the hooks of " + settings.scriptsDir() + " failed: " + e + "; the built-ins decide");
        }
    }
}
