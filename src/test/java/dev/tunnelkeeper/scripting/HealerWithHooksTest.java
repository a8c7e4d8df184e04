package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.ScriptedProber;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped outage-aware example driving the real healer through the heal seam, in virtual time. */
class HealerWithHooksTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private final Instant t0 = time.now();
    private ScriptHost host;

    @AfterEach
    void close() {
        host.close();
    }

    @Test
    void whenThreeServersTimeOutAlikeTheRestartsSlowDown() throws Exception {
        Files.copy(Path.of("scripts", "examples", "outage-aware.mjs"), dir.resolve("outage-aware.mjs"));
        host = HookTesting.host(dir, time);
        host.scanNow();
        List<Long> restarts = new ArrayList<>();
        // each restart connects to the next server: se-0, se-1, se-2, ...
        var policy = host.healPolicy(() -> HookTesting.running("se-" + restarts.size(), time.now()));
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
        ScriptedProber prober = new ScriptedProber(time, ScriptedProber.Outcome.TIMEOUT);
        HealthLoop loop = new HealthLoop(time, prober, new HealthSchedule(settings.successWait()), new HealthState(t0));
        AutoHealer healer = new AutoHealer(time, settings, (reason, decidedBy) -> restarts.add(Duration.between(t0, time.now()).toMillis()),
                loop::vpnRestarted, policy);
        loop.addListener(healer);
        try (LogCapture log = new LogCapture()) {
            healer.start();
            loop.start();
            time.advance(Duration.ofSeconds(150));
            // built-in at 6 and 17; at 33 (third server, same timeout) the outage starts: waits at 33, 54, 80 and 111;
            // at 147 two minutes have passed since the last restart: one try
            assertEquals(List.of(6_000L, 17_000L, 147_000L), restarts);
            assertEquals(1, log.count("INFO [healthcheck] program has been unhealthy for 16s: not restarting VPN yet: "
                    + "outage (every server: timeout): next restart in 104s (decided by outage-aware.mjs)"), log.lines().toString());
            assertTrue(log.count("restart confirmed by outage-aware.mjs: outage (every server: timeout): one try now, "
                    + "the next after 2 min") == 1, log.lines().toString());
        }
        assertEquals(0, host.status().get(0).errors());
    }
}
