package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * After each tunnel-up, asks the lookup service for the public address through the tunnel, logs it and writes it
 * to the file; when the tunnel goes down, forgets both. A failed lookup is retried with a doubling backoff, a few
 * times. Every step runs on the scheduler's thread; an answer that arrives after the tunnel changed is dropped.
 */
public final class PublicIpLoop implements Consumer<VpnEvent> {
    private static final Log LOG = Log.of("ip getter");
    public static final int ATTEMPTS = 5;
    public static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Scheduler scheduler;
    private final IpFetcher fetcher;
    private final PublicIpFile file;
    private volatile Optional<PublicIp> current = Optional.empty();

    // Touched only on the scheduler's thread.
    private long generation;
    private Scheduler.Cancellable pending = () -> {
    };

    public PublicIpLoop(Scheduler scheduler, IpFetcher fetcher, PublicIpFile file) {
        this.scheduler = scheduler;
        this.fetcher = fetcher;
        this.file = file;
    }

    private final java.util.List<Consumer<PublicIp>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Hears each address found (on the scheduler's thread), after it is logged and written. */
    public void addListener(Consumer<PublicIp> listener) {
        listeners.add(listener);
    }

    /** The address of the current tunnel, once known. */
    public Optional<PublicIp> current() {
        return current;
    }

    /** Called on the supervisor's thread: handed over at once to the scheduler's. */
    @Override
    public void accept(VpnEvent event) {
        scheduler.execute(() -> onVpnEvent(event));
    }

    private void onVpnEvent(VpnEvent event) {
        generation++;
        pending.cancel();
        if (event.to() == VpnState.RUNNING) {
            attempt(generation, 1);
        } else if (event.from() == VpnState.RUNNING || current.isPresent()) {
            forget();
        }
    }

    private void attempt(long gen, int number) {
        fetcher.fetch().whenComplete((ip, error) -> scheduler.execute(() -> answered(gen, number, ip, error)));
    }

    private void answered(long gen, int number, PublicIp ip, Throwable error) {
        if (gen != generation) {
            return; // the tunnel changed meanwhile: this answer is about a tunnel that is gone
        }
        if (error == null) {
            current = Optional.of(ip);
            file.write(ip.ip());
            LOG.info("Public IP address is " + ip.describe());
            for (Consumer<PublicIp> l : listeners) {
                try {
                    l.accept(ip);
                } catch (RuntimeException e) {
                    LOG.error("a public IP listener failed: " + e);
                }
            }
            return;
        }
        String why = HttpIpFetcher.describe(error);
        if (number >= ATTEMPTS) {
            LOG.warn("cannot get the public IP address after " + number + " attempts: " + why);
            return;
        }
        Duration wait = backoff(number);
        LOG.debug("getting the public IP address failed (attempt " + number + " of " + ATTEMPTS + "): " + why
                + "; retrying in " + wait.toMillis() + " ms");
        pending = scheduler.schedule(wait, () -> {
            if (gen == generation) {
                attempt(gen, number + 1);
            }
        });
    }

    private void forget() {
        current = Optional.empty();
        file.delete();
        LOG.debug("public IP address cleared: the tunnel is down");
    }

    /** 1 s, 2 s, 4 s, ... capped: the retry after failed attempt {@code number}. */
    static Duration backoff(int number) {
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << Math.min(number - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
