package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings.DotServer;
import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * The local resolver as the product runs it: listeners on DNS_LISTEN_ADDRESS, the forwarder behind them, the resolver
 * configuration file pointed at it. Started before the VPN (so nothing resolves outside the tunnel in between);
 * {@link #close()} stops it and restores the file.
 */
public final class LocalDns implements AutoCloseable {
    private static final Log LOG = Log.of("dns");

    private final DnsListener listener;
    private final Forwarder forwarder;
    private final Optional<ResolvConf> resolvConf;
    private volatile Boolean lastTunnelUp;

    private LocalDns(DnsListener listener, Forwarder forwarder, Optional<ResolvConf> resolvConf) {
        this.listener = listener;
        this.forwarder = forwarder;
        this.resolvConf = resolvConf;
    }

    /** Thrown when the resolver cannot start; the message names the setting and the reason. */
    public static final class StartException extends Exception {
        StartException(String message) {
            super(message);
        }
    }

    /**
     * @param tunnelUp whether the VPN is running: while it is not, queries that miss the cache get SERVFAIL at once
     * @param clock    the cache's: answers age on its monotonic reading
     */
    public static LocalDns start(DnsSettings settings, BooleanSupplier tunnelUp, Scheduler clock) throws StartException {
        List<Upstream> upstreams = upstreams(settings);
        Forwarder forwarder = new Forwarder(upstreams,
                settings.caching() ? Optional.of(new DnsCache(settings.cacheSize(), clock)) : Optional.empty(),
                tunnelUp, settings.upstreamTimeout());
        InetSocketAddress bind = bindAddress(settings);
        DnsListener listener;
        try {
            listener = DnsListener.start(bind, forwarder);
        } catch (IOException e) {
            throw new StartException("the DNS server cannot listen on DNS_LISTEN_ADDRESS=" + settings.address() + ": " + e.getMessage()
                    + " (DNS_SERVER=off runs without it)");
        }
        LOG.info("DNS server listening on " + settings.address().bindHost() + ":" + listener.address().getPort()
                + ", forwarding through the tunnel to " + upstreams.stream().map(Upstream::name).collect(Collectors.joining(", "))
                + (settings.dot() ? " over TLS" : " (plain DNS)"));
        Optional<ResolvConf> resolvConf = Optional.empty();
        if (settings.keepNameserver()) {
            LOG.warn("DNS_KEEP_NAMESERVER=on: " + settings.resolvConf() + " is left as it is; programs that follow it may resolve"
                    + " names outside the tunnel");
        } else if (listener.address().getPort() != 53) {
            LOG.warn(settings.resolvConf() + " is left as it is: it can only name a server on port 53, and the DNS server"
                    + " listens on port " + listener.address().getPort());
        } else {
            try {
                resolvConf = Optional.of(ResolvConf.point(settings.resolvConf(), nameserver(listener.address())));
            } catch (IOException e) {
                listener.close();
                throw new StartException("cannot point " + settings.resolvConf() + " at the DNS server: " + e.getMessage()
                        + " (DNS_KEEP_NAMESERVER=on leaves it alone)");
            }
        }
        return new LocalDns(listener, forwarder, resolvConf);
    }

    private static List<Upstream> upstreams(DnsSettings settings) throws StartException {
        List<Upstream> out = new ArrayList<>();
        if (settings.dot()) {
            SSLContext tls;
            try {
                tls = DotTrust.context(settings.dotCaFile());
            } catch (IOException | GeneralSecurityException e) {
                throw new StartException("DNS over TLS cannot be set up" + settings.dotCaFile().map(p -> " with DOT_CA_FILE=" + p).orElse("")
                        + ": " + e.getMessage());
            }
            for (DotServer server : settings.dotServers()) {
                out.add(new DotUpstream(server, tls));
            }
        } else {
            for (InetSocketAddress address : settings.plainUpstreams()) {
                out.add(new PlainUpstream(address));
            }
        }
        return out;
    }

    private static InetSocketAddress bindAddress(DnsSettings settings) {
        String host = settings.address().host();
        InetAddress ip = host.isEmpty() ? new InetSocketAddress(0).getAddress() : DotProviders.literal(host);
        return new InetSocketAddress(ip, settings.address().port());
    }

    private static String nameserver(InetSocketAddress bound) {
        return bound.getAddress().isAnyLocalAddress() ? "127.0.0.1" : bound.getAddress().getHostAddress();
    }

    /** Where the resolver answers (for the health check's lookups): 127.0.0.1 when it listens on every interface. */
    public InetSocketAddress address() {
        return new InetSocketAddress(DotProviders.literal(nameserver(listener.address())), listener.address().getPort());
    }

    /**
     * Tells the resolver the tunnel went up or down: connections of the old tunnel are dropped and the upstreams'
     * failures forgotten, so the new tunnel is asked afresh.
     */
    public void tunnelChanged(boolean up) {
        Boolean last = lastTunnelUp;
        if (last != null && last == up) {
            return;
        }
        lastTunnelUp = up;
        forwarder.reset();
        if (up) {
            LOG.info("the tunnel is up: asking the upstreams through it");
        } else if (last != null) {
            LOG.info("the tunnel is down: queries not in the cache are answered SERVFAIL at once until it is up again");
        }
    }

    @Override
    public void close() {
        listener.close();
        resolvConf.ifPresent(ResolvConf::restore);
    }
}
