package dev.tunnelkeeper.health;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.time.Scheduler;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * gluetun's check: a TCP dial to each target in turn until one connects, all within one timeout.
 * Errors read like Go's, since gluetun users search for those words:
 * {@code dial tcp 10.0.0.1:443: i/o timeout}, {@code dial tcp 10.0.0.1:443: connect: connection refused}.
 */
public final class TcpProber implements Prober {
    private static final long GUARD_MARGIN_MS = 500;
    private final List<HostPort> targets;
    private final NameLookup lookup;
    private final Scheduler time;
    private final Executor executor;

    /**
     * @param lookup resolves the targets' names (the local resolver when DNS_SERVER=on, so through the tunnel)
     * @param time   stamps each result (wall clock) and measures how long it took (monotonic)
     */
    public TcpProber(List<HostPort> targets, NameLookup lookup, Scheduler time) {
        this(targets, lookup, time, Executors.newVirtualThreadPerTaskExecutor());
    }

    TcpProber(List<HostPort> targets, NameLookup lookup, Scheduler time, Executor executor) {
        this.targets = List.copyOf(targets);
        this.lookup = lookup;
        this.time = time;
        this.executor = executor;
    }

    @Override
    public CompletionStage<CheckResult> check(Duration timeout) {
        Instant startedAt = time.now();
        Duration start = time.elapsed();
        // Name resolution has no timeout of its own: the guard keeps a hung lookup from stalling the loop.
        return CompletableFuture.supplyAsync(() -> dialAll(start, timeout), executor)
                .completeOnTimeout(CheckResult.failure(startedAt.plus(timeout), timeout, timeout,
                        "dial tcp " + targets.get(0) + ": i/o timeout", ErrorKind.TIMEOUT),
                        timeout.toMillis() + GUARD_MARGIN_MS, TimeUnit.MILLISECONDS);
    }

    private CheckResult dialAll(Duration start, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> errors = new ArrayList<>();
        ErrorKind kind = ErrorKind.OTHER;
        for (HostPort target : targets) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                errors.add("dial tcp " + target + ": i/o timeout");
                kind = ErrorKind.TIMEOUT;
                continue;
            }
            Failure failure = dial(target, Duration.ofNanos(left));
            if (failure == null) {
                return CheckResult.success(time.now(), time.since(start), timeout);
            }
            errors.add(failure.text);
            kind = failure.kind;
        }
        return CheckResult.failure(time.now(), time.since(start), timeout, String.join("; ", errors), kind);
    }

    private record Failure(String text, ErrorKind kind) {
    }

    private Failure dial(HostPort target, Duration timeout) {
        long start = System.nanoTime();
        InetAddress address;
        try {
            address = lookup.lookup(target.host(), timeout);
        } catch (NameLookup.LookupFailure e) {
            return new Failure("dial tcp: " + e.getMessage(), e.kind());
        }
        long left = timeout.toMillis() - (System.nanoTime() - start) / 1_000_000;
        String where = "dial tcp " + new HostPort(address.getHostAddress(), target.port());
        if (left <= 0) {
            return new Failure(where + ": i/o timeout", ErrorKind.TIMEOUT);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, target.port()), (int) Math.max(1, left));
            return null;
        } catch (SocketTimeoutException e) {
            return new Failure(where + ": i/o timeout", ErrorKind.TIMEOUT);
        } catch (NoRouteToHostException e) {
            return new Failure(where + ": connect: no route to host", ErrorKind.UNREACHABLE);
        } catch (ConnectException e) {
            return classify(where, e);
        } catch (IOException e) {
            return classify(where, e);
        }
    }

    // The JDK puts the errno text in the message; map it to Go's wording and our kind.
    static Failure classify(String where, IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("refused")) {
            return new Failure(where + ": connect: connection refused", ErrorKind.REFUSED);
        }
        if (m.contains("not permitted")) {
            return new Failure(where + ": connect: operation not permitted", ErrorKind.NOT_PERMITTED);
        }
        if (m.contains("unreachable") || m.contains("no route")) {
            return new Failure(where + ": connect: network is unreachable", ErrorKind.UNREACHABLE);
        }
        if (m.contains("timed out")) {
            return new Failure(where + ": i/o timeout", ErrorKind.TIMEOUT);
        }
        return new Failure(where + ": " + e.getMessage(), ErrorKind.OTHER);
    }
}
