package dev.tunnelkeeper.soak;

import dev.tunnelkeeper.vpn.NextServer;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.Cause;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HealthSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.log.LineFormatter;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Backoff;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.ConnectionSource;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnClient;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Soak in virtual time: 10,000 cycles of "the server dies under a working tunnel, the health loop notices, the
 * healer's window runs out, the supervisor restarts the client onto the other server, the new tunnel is healthy"
 * with the real HealthLoop, AutoHealer, VpnSupervisor, HealthHistory and log formatting, and the seed's timing.
 * Live threads, pending timers and the history must not grow; the retained heap after GC between cycle 1,000 and
 * cycle 10,000 must stay under 2 MB (a leak of 250 bytes a cycle would exceed it).
 */
class VirtualSoakTest {
    private static final int CYCLES = 10_000;
    private static final int WARM_CYCLES = 1_000;
    private static final long HEAP_GROWTH_BOUND = 2L * 1024 * 1024;
    private static final int HISTORY_CAPACITY = 200;

    private final VirtualScheduler time = new VirtualScheduler();
    /** Whether the current tunnel carries traffic: false after a server "dies" until a new tunnel is ready. */
    private volatile boolean tunnelWorks;

    @Test
    @Timeout(120)
    void tenThousandFailureRestartCyclesGrowNeitherThreadsNorMemory() {
        Logger root = Logger.getLogger(Log.ROOT);
        CountingHandler logLines = new CountingHandler();
        boolean parents = root.getUseParentHandlers();
        Level level = root.getLevel();
        root.setUseParentHandlers(false); // 80,000 lines formatted and counted, not printed
        root.setLevel(Level.INFO);
        root.addHandler(logLines);
        try {
            soak(logLines);
        } finally {
            root.removeHandler(logLines);
            root.setUseParentHandlers(parents);
            root.setLevel(level);
        }
    }

    private void soak(CountingHandler logLines) {
        HealthSettings settings = new HealthSettings(List.of(new HostPort("10.0.0.1", 443)), new HostPort("127.0.0.1", 9999),
                Duration.ofSeconds(5), Duration.ofSeconds(6), Duration.ofSeconds(5), true);
        HealthState state = new HealthState(time.now());
        HealthLoop loop = new HealthLoop(time, new TunnelProber(), new HealthSchedule(settings.successWait()), state);
        VpnSupervisor supervisor = new VpnSupervisor(new SoakClient(), new TwoServers(), KillSwitch.OFF, time,
                Duration.ofSeconds(15), Backoff.DEFAULT, new Random(42));
        HealthHistory history = new HealthHistory(HISTORY_CAPACITY);
        AutoHealer healer = new AutoHealer(time, settings,
                (reason, decidedBy) -> supervisor.send(VpnRequest.restart(Cause.HEALER, reason)), loop::vpnRestarted);
        AtomicInteger tunnelsUp = new AtomicInteger();
        supervisor.addListener(history::vpnEvent);
        supervisor.addListener(event -> {
            if (event.to() == VpnState.RUNNING) {
                tunnelsUp.incrementAndGet();
                time.execute(healer::tunnelUp);
            }
        });
        loop.addListener(healer);
        loop.addListener(history::check);

        supervisor.send(VpnRequest.start(Cause.START_UP));
        healer.start();
        loop.start();
        awaitHealthy(state);
        int threadsAtStart = ManagementFactory.getThreadMXBean().getThreadCount();
        int pendingAtStart = time.pending();
        long heapAtWarm = 0;
        int threadsAtWarm = 0;
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            int before = tunnelsUp.get();
            tunnelWorks = false; // the server dies; the tunnel interface stays up, as with OpenVPN
            while (tunnelsUp.get() == before) {
                time.advance(Duration.ofMillis(500));
            }
            awaitHealthy(state);
            if (cycle == WARM_CYCLES) {
                heapAtWarm = retainedHeap();
                threadsAtWarm = ManagementFactory.getThreadMXBean().getThreadCount();
            }
        }
        long heapAtEnd = retainedHeap();
        int threadsAtEnd = ManagementFactory.getThreadMXBean().getThreadCount();
        HealthHistory.Snapshot snapshot = history.snapshot();
        System.out.printf("soak: %d cycles, %d tunnels up, %d healer restarts, %d log lines, %s virtual;"
                        + " threads %d -> %d -> %d; retained heap %.1f MB at cycle %d -> %.1f MB at %d; pending timers %d -> %d%n",
                CYCLES, tunnelsUp.get(), healer.restarts(), logLines.count.get(), Duration.between(
                        java.time.Instant.parse("2026-01-01T00:00:00Z"), time.now()), threadsAtStart, threadsAtWarm,
                threadsAtEnd, heapAtWarm / 1048576.0, WARM_CYCLES, heapAtEnd / 1048576.0, CYCLES, pendingAtStart, time.pending());

        assertEquals(CYCLES + 1, tunnelsUp.get(), "one new tunnel per cycle, plus the first");
        assertEquals(CYCLES, healer.restarts(), "every cycle healed by exactly one restart of the healer");
        assertTrue(threadsAtEnd <= threadsAtStart, "threads grew: " + threadsAtStart + " -> " + threadsAtEnd);
        assertTrue(time.pending() <= pendingAtStart + 2, "timers pile up: " + pendingAtStart + " -> " + time.pending());
        assertTrue(snapshot.checks().size() <= HISTORY_CAPACITY && snapshot.restarts().size() <= HISTORY_CAPACITY
                && snapshot.changes().size() <= HISTORY_CAPACITY, "the history is bounded");
        assertTrue(heapAtEnd - heapAtWarm < HEAP_GROWTH_BOUND, String.format(
                "retained heap grew by %.1f MB between cycle %d and %d", (heapAtEnd - heapAtWarm) / 1048576.0, WARM_CYCLES, CYCLES));
    }

    private void awaitHealthy(HealthState state) {
        for (int step = 0; !state.status().healthy(); step++) {
            assertTrue(step < 10_000, "not healthy again within 5000 s of virtual time");
            time.advance(Duration.ofMillis(500));
        }
    }

    /** Used heap after a few full collections: what the process really keeps. */
    private static long retainedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** A check succeeds in 20 ms through a working tunnel, and runs to its timeout otherwise (a dead server). */
    private final class TunnelProber implements Prober {
        @Override
        public CompletionStage<CheckResult> check(Duration timeout) {
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            boolean works = tunnelWorks;
            Duration took = works ? Duration.ofMillis(20) : timeout;
            time.schedule(took, () -> result.complete(works
                    ? CheckResult.success(time.now(), took, timeout)
                    : CheckResult.failure(time.now(), took, timeout, "dial tcp 10.0.0.1:443: i/o timeout", ErrorKind.TIMEOUT)));
            return result;
        }
    }

    /** A client whose tunnel is ready 150 ms after the start and works until the test kills its server. */
    private final class SoakClient implements VpnClient {
        @Override
        public Tunnel start(Connection connection) {
            CompletableFuture<Void> ready = new CompletableFuture<>();
            time.schedule(Duration.ofMillis(150), () -> {
                tunnelWorks = true;
                ready.complete(null);
            });
            return new Tunnel() {
                private final CompletableFuture<String> ended = new CompletableFuture<>();

                @Override
                public String iface() {
                    return "tun0";
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
                    return List.of();
                }

                @Override
                public CompletableFuture<Void> stop() {
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    /** Two servers in turn. */
    private static final class TwoServers implements ConnectionSource {
        private int next;

        @Override
        public Connection next(NextServer wish) {
            int n = next++ % 2 + 1;
            return new Connection("soak-" + n, new Endpoint("10.0.0." + n, 1194, Protocol.UDP), Optional.empty(), "//");
        }
    }

    /** Formats every line as users would see it, keeps only the count. */
    private static final class CountingHandler extends Handler {
        final AtomicInteger count = new AtomicInteger();
        private final LineFormatter formatter = new LineFormatter();

        @Override
        public void publish(LogRecord record) {
            if (formatter.format(record).isEmpty()) {
                throw new IllegalStateException("empty log line");
            }
            count.incrementAndGet();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
