package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** After close() nothing of a lab remains: no namespace, process, WireGuard socket or directory; also after a failed start. */
@Tag("lab")
@Timeout(120)
class TeardownLabTest {
    @BeforeAll
    static void labCanRun() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void closeRemovesEverythingAndIsIdempotent() {
        Lab lab = Lab.start(2);
        BareClient client = BareClient.wireGuard(lab, 1); // left running on purpose: close() must end it
        LabAwait.assertTargetAnswers(lab, "s1", Duration.ofSeconds(5), client);
        long stray = startStrayGrandchild(lab);
        List<Long> pids = new ArrayList<>(lab.pids());
        pids.add(stray);
        assertTrue(pids.size() >= 8, "servers, target, dial agent, clients should be running: " + pids);

        long begin = System.nanoTime();
        lab.close();
        long closeMillis = (System.nanoTime() - begin) / 1_000_000;

        assertEquals(List.of(), LabTraces.of(lab.prefix(), pids, lab.directory()));
        lab.close();
        System.out.println("lab start " + lab.startDuration().toMillis() + " ms, close " + closeMillis + " ms");
    }

    @ParameterizedTest
    @EnumSource(Lab.StartPhase.class)
    void failedStartLeavesNothingBehind(Lab.StartPhase failingPhase) {
        AtomicReference<Lab> halfMade = new AtomicReference<>();
        AtomicReference<List<Long>> pids = new AtomicReference<>(List.of());

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> Lab.start(2, (phase, lab) -> {
            halfMade.set(lab);
            pids.set(lab.pids());
            if (phase == failingPhase) {
                throw new IllegalStateException("deliberate failure at " + phase);
            }
        }));

        assertEquals("deliberate failure at " + failingPhase, failure.getMessage());
        Lab lab = halfMade.get();
        assertEquals(List.of(), LabTraces.of(lab.prefix(), pids.get(), lab.directory()));
    }

    /** A child's child, left behind when its parent exits: only the sweep of the namespace's PIDs finds it. */
    private static long startStrayGrandchild(Lab lab) {
        Path log = lab.directory().resolve("stray.log");
        lab.startInClient(List.of("sh", "-c", "sleep 300 & echo $!; wait"), Map.of(), log);
        AtomicReference<String> pid = new AtomicReference<>("");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (pid.get().isEmpty() && System.nanoTime() < deadline) {
            pid.set(LogWatch.read(log, 0).strip());
            LogWatch.sleep(Duration.ofMillis(10));
        }
        return Long.parseLong(pid.get());
    }
}
