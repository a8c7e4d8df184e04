package dev.tunnelkeeper.config;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The local resolver's settings, parsed and validated (see dev.tunnelkeeper.dns.DnsSettingsParser).
 *
 * @param enabled          DNS_SERVER: run the resolver (off: names resolve as /etc/resolv.conf says, perhaps outside the tunnel)
 * @param address          DNS_LISTEN_ADDRESS: where it listens, UDP and TCP
 * @param keepNameserver   DNS_KEEP_NAMESERVER: leave resolv.conf alone
 * @param resolvConf       DNS_RESOLV_CONF: the file pointed at the resolver (and restored on exit)
 * @param plainUpstreams   DNS_UPSTREAM_PLAIN_ADDRESSES, DNS_UPSTREAM_ADDRESSES, then gluetun's DNS_ADDRESS: plain DNS
 *                         servers, used when the upstream type is plain
 * @param dot              DNS over TLS to the servers below (DNS_UPSTREAM_RESOLVER_TYPE=dot, or DOT)
 * @param dotServers       DNS_UPSTREAM_RESOLVERS' (or DOT_PROVIDERS') built-in servers, then DOT_CUSTOM_SERVERS, in that order
 * @param dotCaFile        DOT_CA_FILE: PEM certificates trusted besides the JDK's
 * @param caching          DNS_CACHING
 * @param cacheSize        DNS_CACHE_SIZE: answers kept at most
 * @param upstreamTimeout  DNS_UPSTREAM_TIMEOUT: how long one query may wait for the upstreams in all
 */
public record DnsSettings(boolean enabled, HostPort address, boolean keepNameserver, Path resolvConf,
                          List<InetSocketAddress> plainUpstreams, boolean dot, List<DotServer> dotServers,
                          Optional<Path> dotCaFile, boolean caching, int cacheSize, Duration upstreamTimeout) {

    /** One DNS-over-TLS server: the name its certificate must carry, and where it listens. */
    public record DotServer(String tlsName, InetSocketAddress address, String provider) {
        @Override
        public String toString() {
            return address.getAddress().getHostAddress() + ":" + address.getPort() + " (" + tlsName + ")";
        }
    }

    public DnsSettings {
        plainUpstreams = List.copyOf(plainUpstreams);
        dotServers = List.copyOf(dotServers);
    }
}
