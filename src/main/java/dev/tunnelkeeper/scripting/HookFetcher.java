package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.log.Log;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries the hooks' {@code tk.fetch} calls, off every hook's and the supervisor's threads: on the IO executor, the
 * policy's first check (a refusal never sends anything), then resolve, check each address, send to the checked one.
 * Nothing of it runs in the hook's call, whose time limit (HOOK_TIMEOUT, 50 ms by default) is for the script. While the tunnel is down, a call that would go through it waits for the next tunnel-up (at most
 * {@value #MAX_WAITING} wait; the oldest is dropped); a call to an address of FIREWALL_OUTBOUND_SUBNETS goes at once.
 * Names resolve through the tunnel, so a call by name waits too.
 */
final class HookFetcher {
    static final int MAX_WAITING = 32;
    private static final Log LOG = Log.of("hooks");

    /** What becomes of one call; exactly one of these is called, once, on an IO thread. */
    interface Reply {
        void answered(FetchExchange.Response response);

        /** Not sent: the grants do not allow it; {@code why} names the setting that would. */
        void refused(String why);

        void failed(String message);
    }

    /** The outcomes counted: ok, refused, timeout, error, dropped. */
    enum Outcome {
        OK, REFUSED, TIMEOUT, ERROR, DROPPED;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Waiting(FetchExchange.Request request, FetchPolicy.Target target, Reply reply) {
    }

    private final FetchPolicy policy;
    private final FetchExchange.Transport transport;
    private final FetchExchange.Resolver resolver;
    private final Executor io;
    private final BooleanSupplier tunnelUp;
    private volatile Consumer<Outcome> outcomes = o -> { };
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    HookFetcher(FetchPolicy policy, FetchExchange.Transport transport, FetchExchange.Resolver resolver, Executor io,
                BooleanSupplier tunnelUp) {
        this.policy = policy;
        this.transport = transport;
        this.resolver = resolver;
        this.io = io;
        this.tunnelUp = tunnelUp;
    }

    void countWith(Consumer<Outcome> counter) {
        this.outcomes = counter;
    }

    /** Checks the call against the grants, then carries it out; answers through {@code reply}, later. */
    void start(FetchExchange.Request request, Reply reply) {
        io.execute(() -> {
            FetchPolicy.Target target;
            try {
                target = policy.check(request.uri());
            } catch (FetchPolicy.Refused e) {
                outcomes.accept(Outcome.REFUSED);
                reply.refused(e.getMessage());
                return;
            }
            route(new Waiting(request, target, reply));
        });
    }

    /** The tunnel is up: the calls that waited for it go now, oldest first. */
    void tunnelUp() {
        Deque<Waiting> go;
        synchronized (waiting) {
            go = new ArrayDeque<>(waiting);
            waiting.clear();
        }
        if (!go.isEmpty()) {
            LOG.info(go.size() + " hook call(s) that waited for the tunnel go now");
        }
        go.forEach(w -> io.execute(() -> route(w)));
    }

    private void route(Waiting w) {
        if (!tunnelUp.getAsBoolean() && !onLanLiteral(w.target())) {
            Waiting dropped = null;
            synchronized (waiting) {
                if (waiting.size() >= MAX_WAITING) {
                    dropped = waiting.removeFirst();
                }
                waiting.addLast(w);
            }
            if (dropped != null) {
                outcomes.accept(Outcome.DROPPED);
                dropped.reply().failed("dropped: more than " + MAX_WAITING + " calls were waiting for the tunnel");
            }
            return;
        }
        send(w);
    }

    private boolean onLanLiteral(FetchPolicy.Target t) {
        if (!t.literal()) {
            return false;
        }
        try {
            return policy.onLan(InetAddress.getByName(t.host()));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void send(Waiting w) {
        FetchPolicy.Target t = w.target();
        InetAddress address;
        try {
            InetAddress[] all = t.literal() ? InetAddress.getAllByName(t.host()) : resolver.resolve(t.host());
            if (all.length == 0) {
                throw new UnknownHostException(t.host());
            }
            for (InetAddress a : all) {
                policy.checkResolved(t, a);
            }
            address = all[0];
        } catch (FetchPolicy.Refused e) {
            outcomes.accept(Outcome.REFUSED);
            w.reply().refused(e.getMessage());
            return;
        } catch (UnknownHostException e) {
            outcomes.accept(Outcome.ERROR);
            w.reply().failed(t.host() + " does not resolve");
            return;
        } catch (RuntimeException e) {
            outcomes.accept(Outcome.ERROR);
            w.reply().failed("resolving " + t.host() + " failed: " + e.getMessage());
            return;
        }
        try {
            FetchExchange.Response r = transport.send(w.request(), address, t.port());
            outcomes.accept(Outcome.OK);
            w.reply().answered(r);
        } catch (SocketTimeoutException e) {
            outcomes.accept(Outcome.TIMEOUT);
            w.reply().failed("no answer from " + t.host() + ":" + t.port() + " within "
                    + w.request().timeout().toMillis() + "ms (timeoutMs)");
        } catch (IOException | RuntimeException e) {
            outcomes.accept(Outcome.ERROR);
            w.reply().failed(t.host() + ":" + t.port() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        }
    }
}
