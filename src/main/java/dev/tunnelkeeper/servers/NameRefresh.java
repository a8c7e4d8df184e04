package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.KillSwitch;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the host names of servers again (the .ovpn's remotes, WIREGUARD_ENDPOINT_IP), so that a provider moving a name
 * to new addresses is followed without a restart. A name is asked again before an attempt to its server when a
 * server of that name failed (an attempt that did not come up, a tunnel lost) since the name was last asked, and the
 * answer's TTL has run out: a healthy tunnel never causes a query, a dead one at most one per attempt.
 *
 * <p>The tunnel is down at that moment and the kill switch closed: it lets out DNS to the nameservers the container
 * had at start (read before the local resolver took /etc/resolv.conf over), for the duration of the lookup only, then
 * closes again. The new answer becomes the server's addresses; the next attempt's endpoint rule is one of them, and
 * the old endpoint's rule is replaced with it. When the lookup fails, the server keeps its addresses.
 *
 * <p>Called from the supervisor's thread only (through {@link CatalogConnectionSource#next()}).
 */
public final class NameRefresh {
    private static final Log LOG = Log.of("servers");

    private final HostResolver resolver;
    private final List<InetSocketAddress> nameservers;
    private final Map<String, Asked> asked = new HashMap<>();
    private volatile KillSwitch killSwitch = KillSwitch.OFF;
    private String lastWarning = "";

    /** When a name was last asked and until when its answer holds: readings of the scheduler's monotonic clock. */
    private record Asked(Duration at, Duration expires) {
    }

    /**
     * @param answers the names resolved at start with their answers
     * @param at      when they were resolved (the scheduler's {@code elapsed()})
     */
    public NameRefresh(HostResolver resolver, List<InetSocketAddress> nameservers, Map<String, HostAnswer> answers, Duration at) {
        this.resolver = resolver;
        this.nameservers = List.copyOf(nameservers);
        answers.forEach((name, answer) -> asked.put(name, new Asked(at, at.plus(answer.ttl()))));
    }

    /** The kill switch that lets each lookup's query out (the application's, once it is on). */
    public void lookupsThrough(KillSwitch killSwitch) {
        this.killSwitch = killSwitch;
    }

    /** The names asked again, for logs and tests. */
    boolean knows(String host) {
        return asked.containsKey(host);
    }

    /**
     * The server's addresses from a new answer when its name is due to be asked again, else empty (it keeps its own).
     *
     * @param nameFailed the last failure of any server of this host name, and {@code now}: the scheduler's {@code elapsed()}
     */
    Optional<List<String>> refresh(Server server, Optional<Duration> nameFailed, Duration now) {
        String host = server.hostname();
        Asked last = asked.get(host);
        if (last == null || now.compareTo(last.expires()) < 0) {
            return Optional.empty();
        }
        boolean failedSince = nameFailed.filter(at -> at.compareTo(last.at()) >= 0).isPresent();
        if (!failedSince) {
            return Optional.empty();
        }
        Optional<HostAnswer> answer = lookUp(host);
        asked.put(host, new Asked(now, now.plus(answer.map(HostAnswer::ttl).orElse(Duration.ZERO))));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        List<String> ips = answer.get().ipv4();
        if (ips.equals(server.connectableIps())) {
            LOG.debug(host + " still resolves to " + String.join(", ", ips));
            return Optional.empty();
        }
        LOG.info(host + " resolved again to " + String.join(", ", ips) + " (was " + String.join(", ", server.connectableIps())
                + "): the next attempts go there");
        lastWarning = "";
        return Optional.of(ips);
    }

    private Optional<HostAnswer> lookUp(String host) {
        KillSwitch gate = killSwitch;
        try {
            gate.dnsLookups(nameservers);
        } catch (KillSwitch.FirewallException e) {
            warn("cannot ask " + host + " again, the kill switch did not let the query out (" + e.getMessage()
                    + "): its addresses stay as they were");
            return Optional.empty();
        }
        try {
            return Optional.of(resolver.resolve(host));
        } catch (UnknownHostException | RuntimeException e) {
            warn("asking " + host + " again failed (" + e.getMessage() + "): its addresses stay as they were");
            return Optional.empty();
        } finally {
            try {
                gate.dnsLookups(List.of());
            } catch (KillSwitch.FirewallException e) {
                // The kill switch watch puts the rules back within its period; the hole is only DNS to these servers.
                LOG.error("closing DNS to " + nameservers + " in the kill switch failed: " + e.getMessage());
            }
        }
    }

    // A name that keeps failing is told once, not at every attempt.
    private void warn(String message) {
        if (!message.equals(lastWarning)) {
            LOG.warn(message);
            lastWarning = message;
        }
    }
}
