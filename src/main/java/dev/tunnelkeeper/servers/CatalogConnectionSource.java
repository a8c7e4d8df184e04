package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.ConnectionSource;
import dev.tunnelkeeper.vpn.NextServer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The supervisor's {@link ConnectionSource} over the filtered servers: keeps each server's history, asks the
 * {@link ServerSelector} for every attempt, and picks the server's next address.
 *
 * <p>Several addresses of one server are tried in turn, one per attempt. A failure through any of them is the
 * server's failure: the addresses of one server usually share its fate (it is down, or blocked), so the next attempt
 * goes to another server while there is one; when this server's turn comes again, its next address is used.
 *
 * <p>A server that came from a host name has its name asked again before an attempt that follows its failure
 * ({@link NameRefresh}); the lookup runs outside this object's lock, so health reports and the control API never wait
 * for DNS.
 *
 * <p>Thread-safe: the supervisor calls it from its thread, the application reports health from another, and the
 * control API reads {@link #snapshot()}.
 */
public final class CatalogConnectionSource implements ConnectionSource {
    private static final Log LOG = Log.of("servers");

    private final ServerSelector selector;
    private final Duration cooldown;
    private final EndpointRules rules;
    private final Scheduler clock;
    private final Map<Server, History> histories = new LinkedHashMap<>(); // priority order
    private final Map<Connection, Server> issued = new HashMap<>(); // bounded: one per (server, address)
    private Server previous;
    private Optional<NameRefresh> names = Optional.empty();

    /** @param servers the filtered servers in priority order (not empty) */
    public CatalogConnectionSource(List<Server> servers, ServerSelector selector, Duration cooldown, EndpointRules rules,
                                   Scheduler clock) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no servers to choose from");
        }
        servers.forEach(s -> histories.put(s, History.NONE));
        this.selector = selector;
        this.cooldown = cooldown;
        this.rules = rules;
        this.clock = clock;
    }

    @Override
    public synchronized int choices() {
        return histories.size();
    }

    /** Host names of these servers are asked again through this (see {@link NameRefresh}). */
    public synchronized void refreshNames(NameRefresh refresh) {
        this.names = Optional.of(refresh);
    }

    /** The name refresh, if any of these servers came from a host name: the application gives it the kill switch. */
    public synchronized Optional<NameRefresh> nameRefresh() {
        return names;
    }

    @Override
    public Connection next(NextServer wish) {
        Candidate chosen = choose(wish);
        Optional<NameRefresh> refresh;
        synchronized (this) {
            refresh = names;
        }
        Server server = chosen.server();
        if (refresh.isPresent()) {
            Optional<List<String>> fresh = refresh.get().refresh(server, lastFailureOf(server.hostname()), clock.elapsed());
            if (fresh.isPresent()) {
                server = readdress(server.hostname(), fresh.get(), server);
            }
        }
        return issue(server);
    }

    // The last failure of any server of this host name (one name may stand for several servers, one per port).
    private synchronized Optional<Duration> lastFailureOf(String host) {
        return histories.entrySet().stream().filter(e -> !host.isEmpty() && e.getKey().hostname().equals(host))
                .flatMap(e -> e.getValue().lastFailure().stream()).map(History.Failure::elapsed).max(Duration::compareTo);
    }

    // The selection: the server the wish names, else what the selector decides among the others.
    private synchronized Candidate choose(NextServer wish) {
        Instant now = clock.now();
        List<Candidate> candidates = snapshot();
        SelectionContext context = new SelectionContext(now, clock.elapsed(), cooldown, Optional.ofNullable(previous));
        Optional<Candidate> named = wish.server().flatMap(name -> candidates.stream()
                .filter(c -> c.server().name().equals(name)).findFirst());
        wish.server().filter(name -> named.isEmpty()).ifPresent(name -> LOG.info("the server asked for, " + name
                + ", is not one of the servers to choose from: the selection chooses"));
        List<Candidate> choices = without(candidates, wish.avoid());
        Candidate chosen = named.orElseGet(() -> selector.select(choices, context).orElseThrow(() ->
                new NoServerException("the server selection chose none of the " + choices.size() + " servers")));
        Server server = chosen.server();
        History history = histories.get(server);
        if (history == null) {
            throw new NoServerException("the server selection chose " + server.name() + ", which is not one of the candidates");
        }
        return new Candidate(server, history);
    }

    /**
     * Every server of {@code host} now has these addresses (a name may stand for several servers: one per port of the
     * .ovpn's remotes); histories, the issued connections and the selection's memory follow. Returns the new
     * {@code chosen}.
     */
    private synchronized Server readdress(String host, List<String> ips, Server chosen) {
        Map<Server, History> next = new LinkedHashMap<>();
        Map<Server, Server> moved = new HashMap<>();
        histories.forEach((s, h) -> {
            Server now = s.hostname().equals(host) ? s.withIps(ips) : s;
            moved.put(s, now);
            next.put(now, h);
        });
        histories.clear();
        histories.putAll(next);
        issued.replaceAll((c, s) -> moved.getOrDefault(s, s));
        previous = previous == null ? null : moved.getOrDefault(previous, previous);
        return moved.getOrDefault(chosen, chosen.withIps(ips));
    }

    private synchronized Connection issue(Server server) {
        Instant now = clock.now();
        History history = histories.get(server);
        if (history == null) {
            throw new NoServerException("the server selection chose " + server.name() + ", which is not one of the candidates");
        }
        String ip = nextIp(server, history);
        histories.put(server, history.chosen(now, ip));
        previous = server;
        Connection connection = new Connection(server.name(), rules.endpoint(server, ip), server.wgPubKey(), server.location());
        issued.put(connection, server);
        return connection;
    }

    @Override
    public synchronized void connected(Connection connection) {
        Instant now = clock.now();
        update(connection, h -> h.connected(now));
    }

    @Override
    public synchronized void connectFailed(Connection connection, String why) {
        failed(connection, History.Kind.CONNECT, why);
    }

    @Override
    public synchronized void lost(Connection connection, String why) {
        failed(connection, History.Kind.LOST, why);
    }

    /** A health check passed through this connection (the application calls it from health results). */
    public synchronized void healthy(Connection connection, Instant at) {
        update(connection, h -> h.healthy(at));
    }

    /** Every candidate server with its history, in priority order; immutable, for the control API and hooks. */
    public synchronized List<Candidate> snapshot() {
        return histories.entrySet().stream().map(e -> new Candidate(e.getKey(), e.getValue())).toList();
    }

    private void failed(Connection connection, History.Kind kind, String why) {
        Instant now = clock.now();
        Duration elapsed = clock.elapsed();
        Optional<Server> server = update(connection,
                h -> h.failed(new History.Failure(now, elapsed, kind, connection.endpoint().ip(), why)));
        if (server.isPresent() && histories.size() > 1 && !cooldown.isZero()) {
            LOG.info(server.get().name() + " is passed over for " + GoDuration.format(cooldown)
                    + " while another server has not failed");
        }
    }

    private Optional<Server> update(Connection connection, UnaryOperator<History> change) {
        Server server = issued.get(connection);
        if (server == null) {
            LOG.warn("a report about " + connection.serverName() + " (" + connection.endpoint()
                    + "), which this source never chose, is ignored");
            return Optional.empty();
        }
        histories.computeIfPresent(server, (s, h) -> change.apply(h));
        return Optional.of(server);
    }

    // Without the server to avoid, unless it is the only one.
    private static List<Candidate> without(List<Candidate> candidates, Optional<String> avoid) {
        if (avoid.isEmpty()) {
            return candidates;
        }
        List<Candidate> rest = candidates.stream().filter(c -> !c.server().name().equals(avoid.get())).toList();
        return rest.isEmpty() ? candidates : rest;
    }

    // The address after the last one tried, so a retry of this server does not go back to the same address.
    private static String nextIp(Server server, History history) {
        List<String> ips = server.connectableIps();
        int last = history.lastIp().map(ips::indexOf).orElse(-1);
        return ips.get((last + 1) % ips.size());
    }
}
