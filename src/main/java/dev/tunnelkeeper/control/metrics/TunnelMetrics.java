package dev.tunnelkeeper.control.metrics;

import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The product's Prometheus metrics, kept in Micrometer's registry. Every label has a small, fixed set of values
 * (check results, restart causes, VPN states, hook names), except the server label, which is bounded by the servers
 * file.
 * <pre>
 * tunnelkeeper_health_checks_total{result="ok"|"timeout"|"refused"|...}
 * tunnelkeeper_healthy                                    1 or 0
 * tunnelkeeper_vpn_restarts_total{cause="healer"|"crash"|"user"|"hook"|"kill_switch"}
 * tunnelkeeper_vpn_state_seconds_total{state="running"|...}  time spent in each state
 * tunnelkeeper_vpn_server{server="nl-1"}                 1 for the server of the running tunnel, else 0
 * tunnelkeeper_hook_calls_total{hook,outcome}, tunnelkeeper_hook_errors_total{hook} (a throw after an await included),
 * tunnelkeeper_hook_duration_seconds{hook} (count, sum, max)
 * tunnelkeeper_vpn_forwarded_port                        the port forwarded now (VPN_PORT_FORWARDING), 0: none
 * tunnelkeeper_hook_fetches_total{outcome="ok"|"refused"|"timeout"|"error"|"dropped"}
 * </pre>
 */
public final class TunnelMetrics implements HookMetrics {
    private static final Set<String> HOOKS =
            java.util.Set.of("onHealthCheckFailed", "selectServer", "onHealthCheckSucceeded", "onRestart", "onHealthy",
                    "onTunnelUp", "onTunnelDown", "onPublicIpChanged", "onPortForwarded");
    private static final Set<String> FETCH_OUTCOMES = Set.of("ok", "refused", "timeout", "error", "dropped");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final VpnStateTime stateTime;
    private final Map<String, Counter> checks = new ConcurrentHashMap<>();
    private final Map<Cause, Counter> restarts = new ConcurrentHashMap<>();
    private final Map<String, Boolean> servers = new ConcurrentHashMap<>();
    private final AtomicReference<Optional<String>> runningServer = new AtomicReference<>(Optional.empty());
    private volatile boolean healthy;

    public TunnelMetrics(Scheduler clock) {
        this.stateTime = new VpnStateTime(clock);
        checkCounter("ok");
        for (ErrorKind kind : ErrorKind.values()) {
            checkCounter(kind.id());
        }
        for (Cause cause : Cause.RESTARTS) {
            restarts.put(cause, Counter.builder("tunnelkeeper.vpn.restarts").tag("cause", cause.id())
                    .description("VPN restarts by cause").register(registry));
        }
        for (VpnState state : VpnState.values()) {
            FunctionCounter.builder("tunnelkeeper.vpn.state", stateTime, t -> t.seconds(state))
                    .tag("state", state.id()).baseUnit("seconds")
                    .description("time spent in each VPN state since start").register(registry);
        }
        Gauge.builder("tunnelkeeper.healthy", () -> healthy ? 1 : 0)
                .description("1 when the last health check passed").register(registry);
    }

    public void check(CheckResult result) {
        healthy = result.healthy();
        checkCounter(result.kind().map(ErrorKind::id).orElse("ok")).increment();
    }

    public void vpnEvent(VpnEvent event) {
        if (!event.moved()) {
            return;
        }
        stateTime.changed(event);
        Optional<String> server = event.to() == VpnState.RUNNING
                ? event.connection().map(Connection::serverName) : Optional.empty();
        server.ifPresent(this::serverGauge);
        runningServer.set(server);
    }

    /** A restart began (one of {@link Cause#RESTARTS}). */
    public void restarted(Cause cause) {
        restarts.get(cause).increment();
    }

    @Override
    public void called(String hook, Outcome outcome, Duration took) {
        String name = HOOKS.contains(hook) ? hook : "other";
        Counter.builder("tunnelkeeper.hook.calls").tag("hook", name).tag("outcome", outcome.id())
                .description("hook calls by outcome").register(registry).increment();
        if (outcome != Outcome.OK) {
            hookErrors(name).increment();
        }
        Timer.builder("tunnelkeeper.hook.duration").tag("hook", name)
                .description("how long hook calls took").register(registry).record(took);
    }

    @Override
    public void failedAfterAwait(String hook) {
        hookErrors(HOOKS.contains(hook) ? hook : "other").increment();
    }

    private Counter hookErrors(String hook) {
        return Counter.builder("tunnelkeeper.hook.errors").tag("hook", hook)
                .description("hook calls that threw (after an await too), timed out or answered wrongly").register(registry);
    }

    /** Registers the forwarded port's gauge (only when port forwarding is on). */
    public void forwardedPort(java.util.function.IntSupplier port) {
        Gauge.builder("tunnelkeeper.vpn.forwarded.port", port::getAsInt)
                .description("the port forwarded through the tunnel now, 0 when none").register(registry);
    }

    @Override
    public void fetched(String outcome) {
        Counter.builder("tunnelkeeper.hook.fetches").tag("outcome", FETCH_OUTCOMES.contains(outcome) ? outcome : "error")
                .description("tk.fetch calls of hooks by outcome").register(registry).increment();
    }

    /** The Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    private Counter checkCounter(String result) {
        return checks.computeIfAbsent(result, r -> Counter.builder("tunnelkeeper.health.checks").tag("result", r)
                .description("health checks by result").register(registry));
    }

    private void serverGauge(String server) {
        servers.computeIfAbsent(server, s -> {
            Gauge.builder("tunnelkeeper.vpn.server", () -> runningServer.get().filter(s::equals).isPresent() ? 1 : 0)
                    .tag("server", s).description("1 for the server of the running tunnel").register(registry);
            return true;
        });
    }
}
