package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.heal.LikelyCauses;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.OsProcessLauncher;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.ConnectionSource.NoServerException;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Owns the VPN client and the intent for it. Every decision runs on the scheduler's thread; other threads send
 * {@link VpnRequest}s (start, stop, restart, each with its {@link Cause}) through {@link #send} and may wait for the
 * outcome. The machine never blocks that thread: the client comes up and goes down in the background and reports back
 * through futures. Every change is a {@link VpnEvent} carrying the request it carries out; the moves are
 * {@link VpnState#next()}'s table:
 *
 * <pre>
 * STOPPED --start--> STARTING --ready--> RUNNING
 * STARTING --exit / not ready in time / error--> CRASHED --backoff--> STARTING
 * RUNNING --exit / lost--> CRASHED
 * STARTING, RUNNING --stop--> STOPPING --> STOPPED;  --restart--> STOPPING --> STARTING
 * STARTING, RUNNING --configuration refused (openvpn's Options error)--> STOPPING --> STOPPED, for good
 * STOPPED, STOPPING, CRASHED --no server can be chosen--> CRASHED
 * </pre>
 * A VPN stopped on request stays stopped: a restart (the healer's, a hook's) does not start it; only a start does.
 */
public final class VpnSupervisor implements AutoCloseable {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
    private static final Log LOG = Log.of("vpn");

    private final VpnClient client;
    private final ConnectionSource source;
    private final KillSwitch killSwitch;
    private final Scheduler scheduler;
    private final Duration readyTimeout;
    /**
     * A tunnel up at least this long, then lost, is reconnected without a backoff (quicker losses back off: a client
     * that crashes as soon as it is up must not loop). Short, because a server's death is noticed soon after a connect:
     * its refusals end the tunnel 2-4 s after the kill, and a server killed right after a connect must not send the
     * reconnect through the long backoff (FailoverLabTest kills servers in a row).
     */
    static final Duration RECONNECT_AT_ONCE_AFTER = Duration.ofSeconds(1);
    private final Backoff backoff;
    private final Random random;
    private final List<Consumer<VpnEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<VpnConfigurationException>> configurationListeners = new CopyOnWriteArrayList<>();
    private volatile VpnStatus status;
    // Written on the scheduler's thread only: the last request accepted, or the supervisor's own after a crash or a
    // refused configuration. Its kind says whether the VPN should run; its cause says who decided.
    private volatile VpnRequest intent = VpnRequest.stop(Cause.START_UP, "not started yet");

    // Touched only on the scheduler's thread.
    private final List<CompletableFuture<VpnStatus>> waiters = new ArrayList<>();
    private NextServer next = NextServer.ANY; // where the next attempt goes, as the last request asked
    private Attempt attempt = new Attempt(0, null, Duration.ZERO);
    private CompletableFuture<Void> teardown = CompletableFuture.completedFuture(null);
    private Scheduler.Cancellable timer = () -> {
    }; // the ready timeout, or the pending retry
    private int failures; // consecutive failed attempts
    private String stopReason = "";

    /** One attempt to bring a tunnel up toward one server. */
    private static final class Attempt {
        final long generation;
        final Connection connection; // null when no server could be chosen
        final Duration startedAt; // scheduler.elapsed() readings: durations never follow a wall clock that jumps
        Tunnel tunnel;
        Duration upSince;

        Attempt(long generation, Connection connection, Duration startedAt) {
            this.generation = generation;
            this.connection = connection;
            this.startedAt = startedAt;
        }

        Optional<Connection> server() {
            return Optional.ofNullable(connection);
        }
    }

    /**
     * @param readyTimeout how long a starting client may take to bring the tunnel up (VPN_READY_TIMEOUT)
     * @param random       the jitter's source (seeded in tests)
     */
    public VpnSupervisor(VpnClient client, ConnectionSource source, KillSwitch killSwitch, Scheduler scheduler,
                         Duration readyTimeout, Backoff backoff, Random random) {
        this.client = client;
        this.source = source;
        this.killSwitch = killSwitch;
        this.scheduler = scheduler;
        this.readyTimeout = readyTimeout;
        this.backoff = backoff;
        this.random = random;
        this.status = new VpnStatus(VpnState.STOPPED, "not started yet", scheduler.now(), Optional.empty());
        listeners.add(new VpnEventLog());
    }

    /** The product's supervisor: the given client, default backoff. Give it a scheduler of its own. */
    public static VpnSupervisor create(VpnClient client, Duration readyTimeout, ConnectionSource source,
                                       KillSwitch killSwitch, Scheduler scheduler) {
        return new VpnSupervisor(client, source, killSwitch, scheduler,
                readyTimeout, Backoff.DEFAULT, new Random());
    }

    public VpnStatus status() {
        return status;
    }

    /** Listeners run on the supervisor's thread, in order; one that throws is logged and skipped. */
    public void addListener(Consumer<VpnEvent> listener) {
        listeners.add(listener);
    }

    /** Told, on the supervisor's thread, when the client refuses its configuration and the VPN stops for good. */
    public void onConfigurationError(Consumer<VpnConfigurationException> listener) {
        configurationListeners.add(listener);
    }

    /**
     * The last start, stop or restart accepted (or the supervisor's own after a crash or a refused configuration):
     * whether the VPN should run, and who decided. A VPN stopped by the user has a {@link VpnRequest.Kind#STOP} intent
     * with {@link Cause#USER}.
     */
    public VpnRequest intent() {
        return intent;
    }

    /**
     * Sends a request; completes with the state it leads to: RUNNING, STOPPED, or CRASHED if the attempt failed (at
     * once with the current state when there is nothing to do, or the request is declined: a restart of a VPN stopped
     * on request, a restart other than the user's while a connect attempt is under way or a retry is scheduled).
     */
    public CompletableFuture<VpnStatus> send(VpnRequest request) {
        return submit(done -> {
            switch (request.kind()) {
                case START -> onStart(request, done);
                case STOP -> onStop(request, done);
                case RESTART -> onRestart(request, done);
            }
        });
    }

    /**
     * Sends a request and waits: returns the state reached, or the current one when {@code timeout} passes first.
     * Never call it from a scheduler task.
     */
    public VpnStatus sendAndWait(VpnRequest request, Duration timeout) {
        return await(send(request), timeout);
    }

    /** Stops the VPN, waiting up to 10 s for the teardown. */
    @Override
    public void close() {
        sendAndWait(VpnRequest.stop(Cause.SHUTDOWN, "shutting down"), CLOSE_TIMEOUT);
    }

    private CompletableFuture<VpnStatus> submit(Consumer<CompletableFuture<VpnStatus>> request) {
        CompletableFuture<VpnStatus> done = new CompletableFuture<>();
        try {
            scheduler.execute(() -> request.accept(done));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(status); // the scheduler is shut down: nothing can change any more
        }
        return done;
    }

    private VpnStatus await(CompletableFuture<VpnStatus> outcome, Duration timeout) {
        try {
            return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return status;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return status;
        }
    }

    // ---- requests (scheduler thread) ----

    private void onStart(VpnRequest request, CompletableFuture<VpnStatus> done) {
        intent = request;
        next = request.next();
        failures = 0;
        switch (state()) {
            case RUNNING -> done.complete(status);
            case STARTING, STOPPING -> waiters.add(done); // STOPPING: the attempt follows the teardown
            case STOPPED -> {
                waiters.add(done);
                beginAttempt(request.reason());
            }
            case CRASHED -> {
                waiters.add(done);
                timer.cancel();
                afterTeardown(() -> retryIfStillCrashed(request.reason()));
            }
        }
    }

    private void onStop(VpnRequest request, CompletableFuture<VpnStatus> done) {
        intent = request;
        next = NextServer.ANY;
        String reason = request.reason();
        switch (state()) {
            case STOPPED -> done.complete(status);
            case STOPPING -> waiters.add(done);
            case STARTING, RUNNING -> {
                waiters.add(done);
                tearDown(reason);
            }
            case CRASHED -> {
                waiters.add(done);
                timer.cancel();
                stopReason = reason;
                if (teardown.isDone()) {
                    transition(VpnState.STOPPED, reason);
                } else {
                    transition(VpnState.STOPPING, reason);
                    afterTeardown(this::onTornDown);
                }
            }
        }
    }

    private void onRestart(VpnRequest request, CompletableFuture<VpnStatus> done) {
        String reason = request.reason();
        if (!intent.wantsRunning()) {
            LOG.info("restart requested (" + reason + ") but the VPN was stopped on request: it stays stopped");
            done.complete(status);
            return;
        }
        if ((state() == VpnState.STARTING && !request.interruptsAttempt()) || state() == VpnState.CRASHED) {
            if (state() == VpnState.CRASHED && !request.next().any()) {
                next = request.next(); // the scheduled retry goes where this request asks
            }
            publish(VpnEvent.joined(state(), scheduler.now(), attempt.server(), request));
            done.complete(status);
            return;
        }
        intent = request;
        if (!request.next().any()) {
            next = request.next();
        }
        switch (state()) {
            case STARTING, RUNNING -> {
                waiters.add(done);
                tearDown(reason);
            }
            case STOPPING -> waiters.add(done);
            case STOPPED -> {
                waiters.add(done);
                beginAttempt(reason);
            }
            case CRASHED -> throw new AssertionError("answered above");
        }
    }

    // ---- the machine (scheduler thread) ----

    private void beginAttempt(String reason) {
        timer.cancel();
        Connection connection;
        try {
            connection = source.next(next);
        } catch (NoServerException e) {
            attempt = new Attempt(attempt.generation + 1, null, scheduler.elapsed());
            fail("no server to connect to: " + e.getMessage(), false);
            return;
        } catch (RuntimeException e) {
            attempt = new Attempt(attempt.generation + 1, null, scheduler.elapsed());
            fail("choosing a server failed: " + e, false);
            return;
        }
        next = NextServer.ANY;
        attempt = new Attempt(attempt.generation + 1, connection, scheduler.elapsed());
        transition(VpnState.STARTING, reason);
        LOG.info("connecting to " + describe(connection));
        try {
            killSwitch.allowEndpoint(connection.endpoint());
        } catch (FirewallException e) {
            LOG.error("the kill switch cannot allow " + connection.endpoint() + ": " + e.getMessage()
                    + "; not connecting (fail closed)");
            fail("kill switch failed: " + e.getMessage(), false);
            return;
        }
        try {
            attempt.tunnel = client.start(connection);
        } catch (VpnConfigurationException e) {
            refuse(e);
            return;
        } catch (VpnClientException | RuntimeException e) {
            fail("cannot start the VPN client toward " + connection.serverName() + ": " + message(e), true);
            return;
        }
        watch(attempt);
    }

    private void watch(Attempt current) {
        long generation = current.generation;
        timer = scheduler.schedule(readyTimeout, () -> {
            if (isCurrent(generation, VpnState.STARTING)) {
                fail("the tunnel to " + describe(current.connection) + " was not ready within "
                        + GoDuration.format(readyTimeout), true);
                if (failures == 1) { // once per streak: openvpn's own hint comes only after 60 s
                    LOG.info("the VPN server did not answer in time; " + LikelyCauses.causesLine());
                }
            }
        });
        current.tunnel.ready().whenComplete((ok, error) -> scheduler.execute(() -> {
            if (error == null) {
                onReady(generation);
            } else {
                onEnded(generation, "bringing the tunnel up failed: " + message(error));
            }
        }));
        current.tunnel.ended().whenComplete((why, error) -> scheduler.execute(() -> {
            if (cause(error) instanceof VpnConfigurationException refused) {
                if (isCurrent(generation, VpnState.STARTING) || isCurrent(generation, VpnState.RUNNING)) {
                    refuse(refused);
                }
                return;
            }
            onEnded(generation, why != null ? why : message(error));
        }));
    }

    /**
     * The client refuses its configuration: every attempt would end the same, so there is none. The VPN stops and
     * stays stopped (auto-heal included); the configuration listeners hear why (the product exits on it).
     */
    private void refuse(VpnConfigurationException e) {
        timer.cancel();
        String reason = "the VPN client refuses its configuration, which no retry can fix: " + e.getMessage();
        intent = VpnRequest.stop(Cause.CONFIGURATION, reason);
        e.problems().forEach(p -> LOG.error("configuration error: " + p));
        for (Consumer<VpnConfigurationException> listener : configurationListeners) {
            try {
                listener.accept(e);
            } catch (RuntimeException failure) {
                LOG.error("a configuration error listener failed: " + failure);
            }
        }
        stopReason = reason;
        if (attempt.tunnel == null) {
            transition(VpnState.STOPPED, reason);
            return;
        }
        if (attempt.upSince != null) {
            closeFirewall(attempt);
        }
        transition(VpnState.STOPPING, reason);
        teardown = attempt.tunnel.stop();
        afterTeardown(this::onTornDown);
    }

    private void onReady(long generation) {
        if (!isCurrent(generation, VpnState.STARTING)) {
            return;
        }
        timer.cancel();
        String iface = attempt.tunnel.iface();
        try {
            killSwitch.tunnelUp(iface);
        } catch (FirewallException e) {
            LOG.error("the kill switch cannot open " + iface + ": " + e.getMessage() + "; tearing the tunnel down (fail closed)");
            fail("kill switch failed: " + e.getMessage(), false);
            return;
        }
        attempt.upSince = scheduler.elapsed();
        Connection connection = attempt.connection;
        notifySource(() -> source.connected(connection));
        long ms = attempt.upSince.minus(attempt.startedAt).toMillis();
        transition(VpnState.RUNNING, "tunnel " + iface + " to " + connection.serverName() + " ready in " + ms + " ms");
    }

    private void onEnded(long generation, String why) {
        if (isCurrent(generation, VpnState.STARTING) || isCurrent(generation, VpnState.RUNNING)) {
            fail(why, true);
        }
    }

    /** The attempt failed or the tunnel died: report it, tear down in the background, retry after a backoff. */
    private void fail(String reason, boolean serverTried) {
        timer.cancel();
        Attempt failed = attempt;
        boolean wasUp = failed.upSince != null;
        if (wasUp) {
            closeFirewall(failed);
            notifySource(() -> source.lost(failed.connection, reason));
        } else if (serverTried) {
            notifySource(() -> source.connectFailed(failed.connection, reason));
        }
        if (failed.tunnel != null) {
            logLastLines(failed.tunnel);
            teardown = failed.tunnel.stop();
        }
        failures = (wasUp && backoff.stable(scheduler.elapsed().minus(failed.upSince)) ? 0 : failures) + 1;
        // A tunnel that worked a while and was then lost (openvpn's ping-restart after 10 s of silence, a crash) is
        // reconnected at once, to another server by selection: the backoff is for attempts that fail, not for the
        // loss of a tunnel that worked. The streak still counts, so if the new attempt fails, the next wait is longer.
        boolean lostAfterWorking = wasUp && scheduler.elapsed().minus(failed.upSince).compareTo(RECONNECT_AT_ONCE_AFTER) >= 0;
        Duration delay = lostAfterWorking ? Duration.ZERO : retryDelay();
        intent = VpnRequest.restart(Cause.CRASH, reason);
        transition(VpnState.CRASHED, reason);
        LOG.info("retrying in " + GoDuration.format(delay) + " (" + failures + " failed in a row)");
        timer = scheduler.schedule(delay, () -> afterTeardown(() -> retryIfStillCrashed("retry after: " + reason)));
    }

    /**
     * The backoff grows once per round of the source's servers, not once per attempt: each attempt goes to another
     * server, so with every server down, growing waits before each dead one in turn would delay reaching the first one
     * that comes back by the sum of them. Within a round the wait is the initial one; each server still gets at most
     * one attempt per backoff period.
     */
    private Duration retryDelay() {
        int choices = Math.max(1, source.choices());
        return failures % choices == 0 ? backoff.delay(failures / choices, random) : backoff.delay(1, random);
    }

    private void retryIfStillCrashed(String reason) {
        if (state() == VpnState.CRASHED && intent.wantsRunning()) {
            beginAttempt(reason);
        }
    }

    /** A requested stop or restart of a starting or running tunnel. */
    private void tearDown(String reason) {
        timer.cancel();
        Attempt current = attempt;
        if (current.upSince != null) {
            closeFirewall(current);
            if (intent.wantsRunning()) {
                notifySource(() -> source.lost(current.connection, "restarted: " + reason));
            }
            if (backoff.stable(scheduler.elapsed().minus(current.upSince))) {
                failures = 0;
            }
        } else if (intent.wantsRunning()) {
            notifySource(() -> source.connectFailed(current.connection, "restarted before the tunnel was ready: " + reason));
        }
        stopReason = reason;
        transition(VpnState.STOPPING, reason);
        teardown = current.tunnel.stop();
        afterTeardown(this::onTornDown);
    }

    private void onTornDown() {
        if (state() != VpnState.STOPPING) {
            return;
        }
        if (intent.wantsRunning()) {
            beginAttempt("restart: " + stopReason);
        } else {
            transition(VpnState.STOPPED, stopReason);
        }
    }

    /** Runs {@code next} on the supervisor's thread once the last teardown has finished. */
    private void afterTeardown(Runnable next) {
        if (teardown.isDone()) {
            next.run();
            return;
        }
        teardown.whenComplete((ok, error) -> scheduler.execute(() -> {
            if (error != null) {
                LOG.error("tearing the last tunnel down failed: " + message(error));
            }
            next.run();
        }));
    }

    private void transition(VpnState to, String reason) {
        VpnState.checkMove(state(), to);
        VpnEvent event = new VpnEvent(status.state(), to, reason, scheduler.now(), attempt.server(), intent);
        status = VpnStatus.of(event);
        publish(event);
        if (to.settled()) {
            List<CompletableFuture<VpnStatus>> done = List.copyOf(waiters);
            waiters.clear();
            done.forEach(w -> w.complete(status));
        }
    }

    private void publish(VpnEvent event) {
        for (Consumer<VpnEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.error("a VPN event listener failed: " + e);
            }
        }
    }

    private void closeFirewall(Attempt current) {
        try {
            killSwitch.tunnelDown(current.tunnel.iface());
        } catch (FirewallException e) {
            LOG.error("the kill switch cannot close " + current.tunnel.iface() + ": " + e.getMessage());
        }
    }

    // The source may run user hooks: its failure must not stop the machine.
    private void notifySource(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.error("the server source failed: " + e);
        }
    }

    private void logLastLines(Tunnel tunnel) {
        List<String> lines = tunnel.lastLines();
        if (!lines.isEmpty()) {
            LOG.info("its last " + lines.size() + " output lines:");
            lines.forEach(line -> LOG.info("  | " + line));
        }
    }

    private boolean isCurrent(long generation, VpnState expected) {
        return generation == attempt.generation && state() == expected;
    }

    private VpnState state() {
        return status.state();
    }

    /** {@code name (ip:port/proto, location)}, as the connect log line shows it. */
    static String describe(Connection connection) {
        String location = connection.location() == null ? "" : connection.location().strip();
        return connection.serverName() + " (" + connection.endpoint() + (location.isEmpty() ? "" : ", " + location) + ")";
    }

    private static String message(Throwable error) {
        Throwable cause = cause(error);
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    private static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
