package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.control.api.HooksView;
import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.control.auth.AccessFilter;
import dev.tunnelkeeper.control.auth.Authenticator;
import dev.tunnelkeeper.control.auth.ProbeRole;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.control.metrics.HookMetrics;
import dev.tunnelkeeper.control.metrics.MetricsRoute;
import dev.tunnelkeeper.control.metrics.TunnelMetrics;
import dev.tunnelkeeper.control.page.PageModel;
import dev.tunnelkeeper.control.page.PageRange;
import dev.tunnelkeeper.control.page.StatusPage;
import dev.tunnelkeeper.control.probes.LivenessCheck;
import dev.tunnelkeeper.control.probes.Probes;
import dev.tunnelkeeper.control.probes.ReadinessCheck;
import dev.tunnelkeeper.control.probes.StartupCheck;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.portforward.ForwardedPort;
import dev.tunnelkeeper.portforward.PortForwardView;
import dev.tunnelkeeper.publicip.HttpIpFetcher;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.publicip.PublicIpFile;
import dev.tunnelkeeper.publicip.PublicIpLoop;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import io.helidon.health.HealthCheck;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of the product, on a server of its own (HTTP_CONTROL_SERVER_ADDRESS): the control API behind the access
 * filter, the Kubernetes probes, the Prometheus metrics and the status page; plus what feeds them (the health
 * history, the metrics, the public IP lookup). The application hands it health results and the supervisor's events;
 * the restarts in the history and the metrics are read from those events, with the cause each carries.
 */
public final class ControlPlane implements AutoCloseable {
    private static final Log LOG = Log.of("control");

    /**
     * What the control plane reads and drives.
     *
     * @param scheduler the health loop's: the public IP lookup runs its retries there, and its clock is "now"
     */
    public record Parts(VpnControl vpn, ServerChoice servers, HooksView hooks, HealthState health,
                        LivenessCheck.Inputs liveness, Scheduler scheduler) {
    }

    private final ControlSettings settings;
    private final Parts parts;
    private final Scheduler clock;
    private final HealthHistory history;
    private final TunnelMetrics metrics;
    private final VpnCommands commands;
    private final StartupCheck startup = new StartupCheck();
    private final List<HealthCheck> checks;
    private final Optional<HttpIpFetcher> fetcher;
    private final Optional<PublicIpLoop> publicIp;
    private volatile PortForwardView portForward = PortForwardView.NONE;

    private ControlPlane(ControlSettings settings, Parts parts, Optional<HttpIpFetcher> fetcher,
                         Optional<PublicIpLoop> publicIp) {
        this.settings = settings;
        this.parts = parts;
        this.clock = parts.scheduler();
        this.history = new HealthHistory(HealthHistory.DEFAULT_CAPACITY);
        this.metrics = new TunnelMetrics(clock);
        this.commands = new VpnCommands(parts.vpn(), parts.servers(), VpnCommands.START_TIMEOUT, VpnCommands.STOP_TIMEOUT);
        this.fetcher = fetcher;
        this.publicIp = publicIp;
        this.checks = List.of(new LivenessCheck(parts.liveness(), clock), new ReadinessCheck(parts.health()), startup);
    }

    public static ControlPlane create(ControlSettings control, PublicIpSettings ip, Parts parts) {
        if (!ip.enabled()) {
            LOG.info("the public IP lookup is off (PUBLICIP_ENABLED=off)");
            return new ControlPlane(control, parts, Optional.empty(), Optional.empty());
        }
        HttpIpFetcher fetcher = new HttpIpFetcher(ip.apiUrl(), ip.apiToken(), HttpIpFetcher.DEFAULT_TIMEOUT);
        PublicIpLoop loop = new PublicIpLoop(parts.scheduler(), fetcher, new PublicIpFile(ip.file()));
        return new ControlPlane(control, parts, Optional.of(fetcher), Optional.of(loop));
    }

    // ---- what the application feeds in ----

    /** A health result (add as a listener of the health loop). */
    public void onCheck(CheckResult result) {
        history.check(result);
        metrics.check(result);
    }

    /**
     * A VPN state change (add as a listener of the supervisor). A change that begins a restart (a crash, the first step
     * of a restart someone asked for, the kill switch watch's stop), or a restart taken into work under way, is
     * recorded as one, with its cause.
     */
    public void onVpnEvent(VpnEvent event) {
        if (event.moved()) {
            history.vpnEvent(event);
            metrics.vpnEvent(event);
            startup.accept(event);
            publicIp.ifPresent(p -> p.accept(event));
        }
        event.restartBegun().ifPresent(cause -> {
            history.restarted(event.time(), cause, event.reason(), event.hook());
            metrics.restarted(cause);
        });
    }

    /** Hears each public IP address the lookup finds (the hooks' onPublicIpChanged); nothing when the lookup is off. */
    public void addPublicIpListener(java.util.function.Consumer<PublicIp> listener) {
        publicIp.ifPresent(p -> p.addListener(listener));
    }

    /** For the script host: each hook call's outcome and latency. */
    public HookMetrics hookMetrics() {
        return metrics;
    }

    /** The port forwarding's state, for its routes, its metric and the status page; set before the listener starts. */
    public void portForward(PortForwardView view) {
        this.portForward = view;
        metrics.forwardedPort(() -> view.current().map(ForwardedPort::port).orElse(0));
    }

    /** What the status page may show: the port forwarded now, if any. */
    public PortForwardView portForwardView() {
        return () -> portForward.current();
    }

    public Optional<PublicIp> publicIp() {
        return publicIp.flatMap(PublicIpLoop::current);
    }

    // ---- the listener ----

    /** The control server: the control listener and its observe feature (probes) on the server being built. */
    public void configure(WebServerConfig.Builder server) {
        server.host(settings.address().bindHost())
                .port(settings.address().port())
                // Helidon's default is no limit: it would buffer any body a client sends before JsonBody sees it.
                .maxPayloadSize(JsonBody.MAX_BYTES)
                .routing(this::routing);
        server.addFeature(observeFeature(WebServer.DEFAULT_SOCKET_NAME));
    }

    /** The health observer ({@code /observe/health}, with details) on the named listener. */
    public ObserveFeature observeFeature(String socket) {
        return Probes.feature(socket, checks);
    }

    /** Every route but {@code /observe/health}, behind the access filter (which also guards that one). */
    public void routing(HttpRouting.Builder routing) {
        routing.addFilter(new AccessFilter(new Authenticator(settings.roles())))
                .error(BadRequest.class, (req, res, e) -> JsonAnswer.error(res, e.status(), e.getMessage()))
                .error(RuntimeException.class, (req, res, e) -> {
                    LOG.error("internal error answering " + req.prologue().method().text() + " " + req.path().path() + ": " + e);
                    JsonAnswer.error(res, Status.INTERNAL_SERVER_ERROR_500, "internal error: " + e.getMessage());
                });
        VpnRoutes.register(routing, commands);
        ServerRoutes.register(routing, parts.servers(), commands);
        HookRoutes.register(routing, parts.hooks());
        HistoryRoutes.register(routing, history);
        PublicIpRoutes.register(routing, this::publicIp);
        PortForwardRoutes.register(routing, () -> portForward.current());
        Probes.register(routing, checks);
        MetricsRoute.register(routing, metrics);
        StatusPage.register(routing, this::pageModel);
    }

    /** The log line once listening, with who may use what (secrets masked: roles print masked). */
    public void logListening(int port) {
        LOG.info("control server listening on " + settings.address().bindHost() + ":" + port);
        if (settings.roles().stream().allMatch(ProbeRole::isBuiltIn)) {
            LOG.warn("no role may use any route of the control server but the Kubernetes probes: set "
                    + "HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH or HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE (every other "
                    + "request is answered 401)");
        }
        settings.roles().forEach(r -> LOG.info("control server " + r));
    }

    private PageModel pageModel(PageRange range) {
        return new PageModel(clock.now(), clock.elapsed(), ZoneId.systemDefault(), range, commands.status(), parts.health().status(),
                publicIp(), portForward.current().map(ForwardedPort::port), parts.hooks().list(), parts.servers().snapshot(), parts.servers().cooldown(),
                history.snapshot());
    }

    /** What the health history holds from {@code since} on (with the state the VPN was in then). */
    public HealthHistory.Snapshot historySince(Instant since) {
        return history.since(since);
    }

    @Override
    public void close() {
        fetcher.ifPresent(HttpIpFetcher::close);
    }
}
