package dev.tunnelkeeper.control.metrics;

import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Recorded events, scraped and parsed back from the Prometheus text format. */
class TunnelMetricsTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final TunnelMetrics metrics = new TunnelMetrics(time);

    @Test
    void checksByResult() {
        metrics.check(CheckResult.success(time.now(), Duration.ofMillis(5), Duration.ofSeconds(3)));
        metrics.check(CheckResult.success(time.now(), Duration.ofMillis(5), Duration.ofSeconds(3)));
        metrics.check(fail(ErrorKind.TIMEOUT));
        metrics.check(fail(ErrorKind.REFUSED));
        Map<String, Double> s = scrape();
        assertEquals(2.0, s.get("tunnelkeeper_health_checks_total{result=\"ok\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_health_checks_total{result=\"timeout\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_health_checks_total{result=\"refused\"}"));
        assertEquals(0.0, s.get("tunnelkeeper_health_checks_total{result=\"dns\"}"), "every result is there from the start");
        assertEquals(0.0, s.get("tunnelkeeper_healthy"), "the last check failed");
    }

    @Test
    void restartsByCause() {
        metrics.restarted(Cause.HEALER);
        metrics.restarted(Cause.HEALER);
        metrics.restarted(Cause.CRASH);
        Map<String, Double> s = scrape();
        assertEquals(2.0, s.get("tunnelkeeper_vpn_restarts_total{cause=\"healer\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_vpn_restarts_total{cause=\"crash\"}"));
        assertEquals(0.0, s.get("tunnelkeeper_vpn_restarts_total{cause=\"user\"}"));
        assertEquals(0.0, s.get("tunnelkeeper_vpn_restarts_total{cause=\"hook\"}"));
    }

    @Test
    void timeInEachStateIncludesTheCurrentStretch() {
        Instant t0 = time.now();
        event(VpnState.STOPPED, VpnState.STARTING, t0, "s1");
        time.advance(Duration.ofSeconds(2));
        event(VpnState.STARTING, VpnState.RUNNING, t0.plusSeconds(2), "s1");
        time.advance(Duration.ofSeconds(60));
        Map<String, Double> s = scrape();
        assertEquals(2.0, s.get("tunnelkeeper_vpn_state_seconds_total{state=\"starting\"}"));
        assertEquals(60.0, s.get("tunnelkeeper_vpn_state_seconds_total{state=\"running\"}"));
        assertEquals(0.0, s.get("tunnelkeeper_vpn_state_seconds_total{state=\"crashed\"}"));
    }

    @Test
    void timeInEachStateIsMonotonicAcrossAWallClockJump() {
        event(VpnState.STOPPED, VpnState.RUNNING, time.now(), "s1");
        time.advance(Duration.ofSeconds(10));
        time.setWallClock(time.now().minus(Duration.ofHours(1)));
        time.advance(Duration.ofSeconds(5));
        event(VpnState.RUNNING, VpnState.CRASHED, time.now(), "s1");
        time.setWallClock(time.now().plus(Duration.ofHours(3)));
        time.advance(Duration.ofSeconds(2));
        Map<String, Double> s = scrape();
        assertEquals(15.0, s.get("tunnelkeeper_vpn_state_seconds_total{state=\"running\"}"));
        assertEquals(2.0, s.get("tunnelkeeper_vpn_state_seconds_total{state=\"crashed\"}"));
    }

    @Test
    void theCurrentServerIsTheOneWithValueOne() {
        Instant t0 = time.now();
        event(VpnState.STARTING, VpnState.RUNNING, t0, "s1");
        assertEquals(1.0, scrape().get("tunnelkeeper_vpn_server{server=\"s1\"}"));
        event(VpnState.RUNNING, VpnState.STOPPING, t0.plusSeconds(1), "s1");
        event(VpnState.STARTING, VpnState.RUNNING, t0.plusSeconds(2), "s2");
        Map<String, Double> s = scrape();
        assertEquals(0.0, s.get("tunnelkeeper_vpn_server{server=\"s1\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_vpn_server{server=\"s2\"}"));
        event(VpnState.RUNNING, VpnState.CRASHED, t0.plusSeconds(3), "s2");
        assertEquals(0.0, scrape().get("tunnelkeeper_vpn_server{server=\"s2\"}"), "no server while no tunnel runs");
    }

    @Test
    void hookCallsErrorsAndLatency() {
        metrics.called("selectServer", HookMetrics.Outcome.OK, Duration.ofMillis(2));
        metrics.called("selectServer", HookMetrics.Outcome.TIMEOUT, Duration.ofMillis(50));
        metrics.called("somethingUnbounded-" + System.nanoTime(), HookMetrics.Outcome.ERROR, Duration.ofMillis(1));
        Map<String, Double> s = scrape();
        assertEquals(1.0, s.get("tunnelkeeper_hook_calls_total{hook=\"selectServer\",outcome=\"ok\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_hook_calls_total{hook=\"selectServer\",outcome=\"timeout\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_hook_errors_total{hook=\"selectServer\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_hook_errors_total{hook=\"other\"}"), "unknown names share one label value");
        assertEquals(2.0, s.get("tunnelkeeper_hook_duration_seconds_count{hook=\"selectServer\"}"));
        assertEquals(0.052, s.get("tunnelkeeper_hook_duration_seconds_sum{hook=\"selectServer\"}"), 1e-9);
    }

    @Test
    void hookFetchesByOutcomeAndTheVersionTwoHooksKeepTheirNames() {
        metrics.fetched("ok");
        metrics.fetched("refused");
        metrics.fetched("refused");
        metrics.fetched("whatever-" + System.nanoTime());
        metrics.called("onTunnelDown", HookMetrics.Outcome.OK, Duration.ofMillis(1));
        Map<String, Double> s = scrape();
        assertEquals(1.0, s.get("tunnelkeeper_hook_fetches_total{outcome=\"ok\"}"));
        assertEquals(2.0, s.get("tunnelkeeper_hook_fetches_total{outcome=\"refused\"}"));
        assertEquals(1.0, s.get("tunnelkeeper_hook_fetches_total{outcome=\"error\"}"), "unknown outcomes count as errors");
        assertEquals(1.0, s.get("tunnelkeeper_hook_calls_total{hook=\"onTunnelDown\",outcome=\"ok\"}"));
    }

    @Test
    void theTextHasHelpAndTypeLines() {
        String text = metrics.scrape();
        assertTrue(text.contains("# TYPE tunnelkeeper_vpn_restarts_total counter"), text);
        assertTrue(text.contains("# HELP tunnelkeeper_vpn_restarts_total VPN restarts by cause"), text);
        assertFalse(text.contains("jvm_"), "only ours: no binder was added");
    }

    private Map<String, Double> scrape() {
        return PrometheusText.samples(metrics.scrape());
    }

    private CheckResult fail(ErrorKind kind) {
        return CheckResult.failure(time.now(), Duration.ofSeconds(3), Duration.ofSeconds(3), "dial tcp: " + kind.id(), kind);
    }

    private void event(VpnState from, VpnState to, Instant at, String server) {
        Connection c = new Connection(server, new Endpoint("10.201.0.2", 1194, Protocol.UDP), Optional.empty(), "");
        metrics.vpnEvent(VpnEvents.event(from, to, "test", at, Optional.of(c)));
    }
}
