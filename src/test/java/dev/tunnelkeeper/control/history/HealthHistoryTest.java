package dev.tunnelkeeper.control.history;

import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The recorder in virtual time, fed by the real health loop and healer as the application wires them. */
class HealthHistoryTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();

    @Test
    void theLoopsChecksAndTheHealersRestartsAreRecordedWithTheirTimes() {
        HealthHistory history = new HealthHistory(100);
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
        ScriptedProber prober = new ScriptedProber(time, ScriptedProber.Outcome.TIMEOUT);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        AutoHealer healer = new AutoHealer(time, settings, (reason, decidedBy) -> history.restarted(time.now(), Cause.HEALER, reason, Optional.empty()), loop::vpnRestarted);
        loop.addListener(history::check);
        loop.addListener(healer);
        healer.start();
        loop.start();

        time.advance(Duration.ofSeconds(17)); // restarts at 6 s and 17 s
        HealthHistory.Snapshot s = history.snapshot();
        assertEquals(List.of(6L, 17L), s.restarts().stream().map(r -> Duration.between(t0, r.at()).toSeconds()).toList());
        assertEquals(List.of(Cause.HEALER, Cause.HEALER), s.restarts().stream().map(HealthHistory.Restart::cause).toList());
        assertEquals(prober.calls().size() - (loop.isRunning() ? 1 : 0), s.checks().size(), "one entry per finished check");
        assertEquals(Optional.of(ErrorKind.TIMEOUT), s.checks().getFirst().kind());
        assertEquals(Duration.ofSeconds(3), Duration.between(t0, s.checks().getFirst().at()), "the first check timed out after 3 s");
    }

    @Test
    void eachKindKeepsOnlyItsLastEntries() {
        HealthHistory history = new HealthHistory(3);
        for (int i = 0; i < 5; i++) {
            time.advance(Duration.ofSeconds(1));
            history.check(CheckResult.success(time.now(), Duration.ofMillis(i), Duration.ofSeconds(3)));
            history.restarted(time.now(), Cause.CRASH, "crash " + i, Optional.empty());
        }
        HealthHistory.Snapshot s = history.snapshot();
        assertEquals(List.of(2L, 3L, 4L), s.checks().stream().map(c -> c.took().toMillis()).toList());
        assertEquals(List.of("crash 2", "crash 3", "crash 4"), s.restarts().stream().map(HealthHistory.Restart::reason).toList());
    }

    @Test
    void sinceKeepsTheStateTheWindowStartedIn() {
        HealthHistory history = new HealthHistory(10);
        history.vpnEvent(VpnEvents.event(VpnState.STOPPED, VpnState.STARTING, "start", t0, Optional.empty()));
        history.vpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "up", t0.plusSeconds(1), Optional.empty()));
        history.vpnEvent(VpnEvents.event(VpnState.RUNNING, VpnState.CRASHED, "died", t0.plusSeconds(100), Optional.empty()));
        history.check(CheckResult.success(t0.plusSeconds(5), Duration.ZERO, Duration.ofSeconds(3)));
        history.check(CheckResult.success(t0.plusSeconds(60), Duration.ZERO, Duration.ofSeconds(3)));
        HealthHistory.Snapshot s = history.since(t0.plusSeconds(50));
        assertEquals(List.of(VpnState.RUNNING, VpnState.CRASHED), s.changes().stream().map(HealthHistory.StateChange::to).toList());
        assertEquals(1, s.checks().size());
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new HealthHistory(0));
    }
}
