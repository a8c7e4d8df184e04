package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.vpn.VpnEvents;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup's timing in virtual time: one lookup per tunnel-up, retries with backoff, forgetting on tunnel-down. */
class PublicIpLoopTest {
    private static final PublicIp LAB = PublicIp.of("10.8.1.2", "Labland", "s1", "Lab City");

    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private final List<CompletableFuture<PublicIp>> lookups = new ArrayList<>();
    private final List<Long> lookupAtMs = new ArrayList<>();
    private PublicIpLoop loop;
    private Path file;
    private boolean refuseAll; // each lookup fails at once, as a refused connection does

    private void start() {
        Instant t0 = time.now();
        file = dir.resolve("sub/ip");
        loop = new PublicIpLoop(time, () -> {
            lookupAtMs.add(Duration.between(t0, time.now()).toMillis());
            CompletableFuture<PublicIp> f = new CompletableFuture<>();
            if (refuseAll) {
                f.completeExceptionally(new IOException("Connection refused"));
            }
            lookups.add(f);
            return f;
        }, new PublicIpFile(file));
    }

    @Test
    void afterTunnelUpTheAddressIsLoggedWrittenAndForgottenWhenItGoesDown() throws IOException {
        start();
        try (LogCapture log = new LogCapture()) {
            event(VpnState.STARTING, VpnState.RUNNING);
            assertEquals(1, lookups.size());
            lookups.getFirst().complete(LAB);
            time.runDue();
            assertEquals(1, log.count("INFO [ip getter] Public IP address is 10.8.1.2 (Labland, s1, Lab City)"), log.lines().toString());
        }
        assertEquals(Optional.of(LAB), loop.current());
        assertEquals("10.8.1.2", Files.readString(file), "the address alone, as gluetun writes it");

        event(VpnState.RUNNING, VpnState.STOPPING);
        assertEquals(Optional.empty(), loop.current());
        assertFalse(Files.exists(file));
    }

    @Test
    void failuresAreRetriedWithADoublingBackoffThenGivenUp() {
        start();
        refuseAll = true;
        try (LogCapture log = new LogCapture()) {
            event(VpnState.STARTING, VpnState.RUNNING);
            time.advance(Duration.ofMinutes(5));
            assertEquals(List.of(0L, 1_000L, 3_000L, 7_000L, 15_000L), lookupAtMs);
            assertEquals(1, log.count("WARN [ip getter] cannot get the public IP address after 5 attempts: Connection refused"),
                    log.lines().toString());
        }
        assertEquals(Optional.empty(), loop.current());
    }

    @Test
    void anAnswerForATunnelThatIsGoneIsDropped() {
        start();
        event(VpnState.STARTING, VpnState.RUNNING);
        event(VpnState.RUNNING, VpnState.CRASHED);
        lookups.getFirst().complete(LAB);
        time.runDue();
        assertEquals(Optional.empty(), loop.current());
        assertFalse(Files.exists(file));
    }

    @Test
    void aRetryPendingWhenTheTunnelGoesDownNeverRuns() {
        start();
        event(VpnState.STARTING, VpnState.RUNNING);
        lookups.getFirst().completeExceptionally(new IOException("timeout"));
        time.runDue();
        event(VpnState.RUNNING, VpnState.STOPPING);
        time.advance(Duration.ofMinutes(5));
        assertEquals(1, lookups.size());
    }

    @Test
    void eachTunnelUpLooksAgain() {
        start();
        event(VpnState.STARTING, VpnState.RUNNING);
        lookups.getFirst().complete(LAB);
        event(VpnState.RUNNING, VpnState.STOPPING);
        event(VpnState.STARTING, VpnState.RUNNING);
        PublicIp second = PublicIp.of("10.8.2.2", "Labland", "s2", "Lab City");
        lookups.getLast().complete(second);
        time.runDue();
        assertEquals(2, lookups.size());
        assertEquals(Optional.of(second), loop.current());
        assertTrue(Files.exists(file));
    }

    @Test
    void backoffIsCapped() {
        assertEquals(Duration.ofSeconds(1), PublicIpLoop.backoff(1));
        assertEquals(Duration.ofSeconds(8), PublicIpLoop.backoff(4));
        assertEquals(PublicIpLoop.MAX_BACKOFF, PublicIpLoop.backoff(40));
    }

    private void event(VpnState from, VpnState to) {
        loop.accept(VpnEvents.event(from, to, "test", time.now(), Optional.empty()));
        time.runDue();
    }
}
