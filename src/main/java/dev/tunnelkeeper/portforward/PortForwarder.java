package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The NAT-PMP lease loop. After each tunnel-up it finds the tunnel's gateway and maps UDP and TCP there; it renews the
 * lease after three quarters of the lifetime granted (45 s of 60 s, gluetun's interval), at least 2 s before it runs
 * out; a failed request is retried
 * after 1 s, 2 s, 4 s, ... up to 30 s, for as long as the tunnel is up. When the granted port differs from the one
 * before (first port, a renewal that moved it, a new tunnel), the kill switch opens it on the VPN interface (and
 * closes the old one), the status file is written and the listeners are told; when the tunnel goes down, all of that
 * is undone. Every step runs on the scheduler's thread; an answer about a tunnel that is gone is dropped.
 */
public final class PortForwarder implements Consumer<VpnEvent>, PortForwardView, AutoCloseable {
    private static final Log LOG = Log.of("port forwarding");
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    public static final Duration MIN_RENEWAL = Duration.ofSeconds(1);
    public static final Duration RENEWAL_MARGIN = Duration.ofSeconds(2);

    /** Finds the gateway to ask inside the tunnel interface. */
    @FunctionalInterface
    public interface GatewayFinder {
        String find(String iface) throws IOException;
    }

    /** Opens these ports in the kill switch on the VPN interface, closing any other forwarded port; empty closes all. */
    @FunctionalInterface
    public interface PortOpener {
        void open(List<Integer> ports) throws Exception;
    }

    /**
     * @param listenerThreads makes the executor each listener runs on (one each, so listeners never wait for one
     *                        another and always see changes in order)
     */
    public record Parts(Scheduler scheduler, Gateway gateway, GatewayFinder finder, PortOpener opener, StatusFile file,
                        IntSupplier randomPort, Supplier<Executor> listenerThreads) {
    }

    private record Notified(PortForwardListener listener, Executor executor) {
    }

    private final Provider provider;
    private final Duration lifetime;
    private final String iface;
    private final Parts parts;
    private final Scheduler scheduler;
    private final List<Notified> listeners = new ArrayList<>();
    private volatile Optional<ForwardedPort> current = Optional.empty();

    // Touched only on the scheduler's thread.
    private long generation;
    private Scheduler.Cancellable pending = () -> {
    };
    private int failures;
    // When the current lease runs out, on the monotonic clock (current's expires is the wall time shown).
    private Duration leaseEnds = Duration.ZERO;
    private Optional<String> server = Optional.empty();
    private String gateway;

    public PortForwarder(Provider provider, Duration lifetime, String iface, Parts parts) {
        this.provider = provider;
        this.lifetime = lifetime;
        this.iface = iface;
        this.parts = parts;
        this.scheduler = parts.scheduler();
    }

    /** Adds a listener before the first VPN event. */
    public void addListener(PortForwardListener listener) {
        listeners.add(new Notified(listener, parts.listenerThreads().get()));
    }

    @Override
    public Optional<ForwardedPort> current() {
        return current;
    }

    /** Called on the supervisor's thread: handed over at once to the scheduler's. */
    @Override
    public void accept(VpnEvent event) {
        scheduler.execute(() -> onVpnEvent(event));
    }

    private void onVpnEvent(VpnEvent event) {
        if (event.to() == VpnState.RUNNING) {
            generation++;
            pending.cancel();
            stop("the tunnel was replaced"); // a port of the old tunnel does not outlive it
            failures = 0;
            gateway = null;
            server = event.connection().map(Connection::serverName);
            request(generation);
        } else if (event.from() == VpnState.RUNNING || current.isPresent()) {
            generation++;
            pending.cancel();
            stop("the tunnel is down");
        }
    }

    private void request(long gen) {
        if (gateway == null) {
            try {
                gateway = parts.finder().find(iface);
            } catch (IOException e) {
                failed(gen, "cannot find the tunnel's gateway: " + e.getMessage());
                return;
            }
        }
        Gateway.Request request = current.map(c -> provider.renew(c, lifetime))
                .orElseGet(() -> provider.first(parts.randomPort(), lifetime));
        Instant asked = scheduler.now();
        Duration askedMark = scheduler.elapsed();
        String to = gateway;
        parts.gateway().lease(to, request).whenComplete((lease, error) ->
                scheduler.execute(() -> answered(gen, to, asked, askedMark, lease, error)));
    }

    private void answered(long gen, String to, Instant asked, Duration askedMark, Gateway.Lease lease, Throwable error) {
        if (gen != generation) {
            return; // about a tunnel that is gone
        }
        if (error != null) {
            failed(gen, describe(error));
            return;
        }
        if (failures > 0) {
            LOG.info("the gateway " + to + " answers again");
        }
        failures = 0;
        int port = provider.port(lease);
        int publicPort = lease.tcp().externalPort();
        if (lease.udp().externalPort() != publicPort) {
            LOG.warn("the gateway mapped UDP to port " + lease.udp().externalPort() + " and TCP to port " + publicPort
                    + ": using TCP's");
        }
        Instant expires = asked.plus(lease.lifetime());
        leaseEnds = askedMark.plus(lease.lifetime());
        Optional<ForwardedPort> previous = current;
        if (previous.isPresent() && previous.get().port() == port && previous.get().publicPort() == publicPort) {
            current = Optional.of(previous.get().renewed(expires));
            LOG.debug("port " + port + " renewed for " + lease.lifetime().toSeconds() + "s");
        } else {
            ForwardedPort next = new ForwardedPort(port, publicPort, to,
                    lease.externalAddress().or(() -> previous.flatMap(ForwardedPort::externalAddress)), server,
                    scheduler.now(), expires);
            changed(previous, next);
        }
        pending = scheduler.schedule(renewal(lease.lifetime()), () -> {
            if (gen == generation) {
                request(gen);
            }
        });
    }

    private void failed(long gen, String why) {
        failures++;
        Duration wait = backoff(failures);
        String what = current.map(c -> "renewing the lease of port " + c.port()).orElse("asking for a forwarded port");
        String expired = current.filter(c -> scheduler.elapsed().compareTo(leaseEnds) >= 0)
                .map(c -> " (the lease ran out at " + c.expires() + ")").orElse("");
        LOG.warn(what + " failed (attempt " + failures + "): " + why + expired + "; retrying in " + wait.toSeconds() + "s");
        pending = scheduler.schedule(wait, () -> {
            if (gen == generation) {
                request(gen);
            }
        });
    }

    private void changed(Optional<ForwardedPort> previous, ForwardedPort next) {
        current = Optional.of(next);
        LOG.info("port forwarded is " + next.port()
                + (next.publicPort() != next.port() ? " (the gateway's public port " + next.publicPort() + " leads to it)" : "")
                + next.externalAddress().map(a -> " on " + a).orElse("")
                + previous.map(p -> " (was " + p.port() + ")").orElse(""));
        open(next.ports());
        parts.file().write(next.ports());
        notifyListeners(new PortForwardEvent(next.ports(), previous.map(ForwardedPort::ports).orElse(List.of()), server, iface));
    }

    private void stop(String why) {
        Optional<ForwardedPort> previous = current;
        if (previous.isEmpty()) {
            return;
        }
        current = Optional.empty();
        LOG.info("port " + previous.get().port() + " is no longer forwarded: " + why);
        open(List.of());
        parts.file().delete();
        notifyListeners(new PortForwardEvent(List.of(), previous.get().ports(), server, iface));
    }

    private void open(List<Integer> ports) {
        try {
            parts.opener().open(ports);
        } catch (Exception e) {
            LOG.error("the kill switch cannot " + (ports.isEmpty() ? "close the forwarded port" : "open port " + ports)
                    + " on " + iface + ": " + e.getMessage());
        }
    }

    private void notifyListeners(PortForwardEvent event) {
        for (Notified n : listeners) {
            n.executor().execute(() -> {
                try {
                    n.listener().portForwarded(event);
                } catch (RuntimeException e) {
                    LOG.warn("a port forwarding listener failed: " + e);
                }
            });
        }
    }

    /**
     * When to renew a lease of {@code lifetime}: after three quarters of it (45 s of 60 s), but at least
     * {@link #RENEWAL_MARGIN} before it runs out, and not sooner than 1 s. Gateways count lifetimes in whole seconds
     * from a clock that may be nearly a second ahead of the request (miniupnpd removed a 4 s TCP mapping 3 s after it
     * was asked, just before its renewal), so a short lease needs the margin.
     */
    static Duration renewal(Duration lifetime) {
        Duration quarterLeft = lifetime.multipliedBy(3).dividedBy(4);
        Duration margin = lifetime.minus(RENEWAL_MARGIN);
        Duration at = quarterLeft.compareTo(margin) < 0 ? quarterLeft : margin;
        return at.compareTo(MIN_RENEWAL) < 0 ? MIN_RENEWAL : at;
    }

    /** 1 s, 2 s, 4 s, ... capped at 30 s: the wait after failed attempt {@code number}. */
    static Duration backoff(int number) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(number - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    static String describe(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Ends the listeners' threads and deletes the status file, so no stale port is left behind; call after the
     * scheduler has stopped. The kill switch is left as it is (it stays closed on shutdown anyway).
     */
    @Override
    public void close() {
        if (current.isPresent()) {
            current = Optional.empty();
            parts.file().delete();
        }
        for (Notified n : listeners) {
            if (n.executor() instanceof ExecutorService service) {
                service.shutdownNow();
            }
        }
    }
}
