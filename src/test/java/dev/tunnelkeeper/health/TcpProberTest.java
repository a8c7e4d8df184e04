package dev.tunnelkeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real dials to loopback, stamped and timed by a virtual scheduler. */
class TcpProberTest {
    private static final Instant START = Instant.parse("2026-01-01T12:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private final VirtualScheduler time = new VirtualScheduler(START);

    // A lookup that takes 20 ms of monotonic time, during which the wall clock is set back an hour (NTP, say).
    private final NameLookup slowLookupAcrossAJump = (host, timeout) -> {
        time.setWallClock(time.now().minus(Duration.ofHours(1)));
        time.advance(Duration.ofMillis(20));
        return InetAddress.getLoopbackAddress();
    };

    private CheckResult check(int port, NameLookup lookup) throws Exception {
        TcpProber prober = new TcpProber(List.of(new HostPort("target.test", port)), lookup, time, Runnable::run);
        return prober.check(TIMEOUT).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aCheckIsTimedOnTheMonotonicClockAndStampedWithTheWallClock() throws Exception {
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckResult result = check(target.getLocalPort(), slowLookupAcrossAJump);
            assertTrue(result.healthy(), String.valueOf(result));
            assertEquals(Duration.ofMillis(20), result.took(), "not minus an hour");
            assertEquals(START.minus(Duration.ofHours(1)).plusMillis(20), result.at());
            assertEquals(TIMEOUT, result.timeout());
        }
    }

    @Test
    void aRefusedDialIsAFailureInGosWordsTimedTheSameWay() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CheckResult result = check(closed, slowLookupAcrossAJump);
        assertEquals(Optional.of("dial tcp 127.0.0.1:" + closed + ": connect: connection refused"), result.error());
        assertEquals(Optional.of(ErrorKind.REFUSED), result.kind());
        assertEquals(Duration.ofMillis(20), result.took());
    }

    @Test
    void aNameThatDoesNotResolveIsAFailureNamingIt() throws Exception {
        CheckResult result = check(443, (host, timeout) -> {
            throw new NameLookup.LookupFailure("lookup " + host + " on 127.0.0.1:53: no such host", ErrorKind.DNS);
        });
        assertEquals(Optional.of("dial tcp: lookup target.test on 127.0.0.1:53: no such host"), result.error());
        assertEquals(Optional.of(ErrorKind.DNS), result.kind());
        assertEquals(START, result.at());
        assertEquals(Duration.ZERO, result.took(), "no virtual time passed");
    }
}
