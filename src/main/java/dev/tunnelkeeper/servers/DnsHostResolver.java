package dev.tunnelkeeper.servers;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.config.ResolvConfResolverConfigProvider;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * Resolves server names the way the container did before tunnelkeeper took /etc/resolv.conf over: the hosts file
 * first (Docker's --add-host and compose's extra_hosts write there), then an A query to each nameserver the resolver
 * configuration named at start, in turn (UDP, TCP when truncated: dnsjava's SimpleResolver). Names are asked as
 * written, as absolute names (provider host names are); the file's search domains are not tried.
 */
public final class DnsHostResolver implements HostResolver {
    /** Per nameserver: a resolver that does not answer in this time is passed for the next. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Path hostsFile;
    private final List<InetSocketAddress> nameservers;
    private final Duration timeout;

    public DnsHostResolver(Path hostsFile, List<InetSocketAddress> nameservers, Duration timeout) {
        this.hostsFile = hostsFile;
        this.nameservers = List.copyOf(nameservers);
        this.timeout = timeout;
    }

    /**
     * The nameservers of {@code resolvConf} as it is now (read before the local resolver points it at itself), IPv4
     * ones only (the kill switch is IPv4-only), with /etc/hosts.
     */
    public static DnsHostResolver fromResolvConf(Path resolvConf) {
        return new DnsHostResolver(Path.of("/etc/hosts"), nameservers(resolvConf), TIMEOUT);
    }

    /** The IPv4 nameservers of a resolv.conf file; none when it cannot be read. */
    static List<InetSocketAddress> nameservers(Path resolvConf) {
        ResolvConfResolverConfigProvider parser = new ResolvConfResolverConfigProvider() {
            {
                try (InputStream in = Files.newInputStream(resolvConf)) {
                    parseResolvConf(in);
                } catch (IOException e) {
                    // no nameservers: names in the hosts file still resolve
                }
            }
        };
        return parser.servers().stream().filter(s -> s.getAddress() instanceof Inet4Address).toList();
    }

    /** The nameservers asked, each on port 53 (or as written): the kill switch lets queries to them out. */
    public List<InetSocketAddress> nameservers() {
        return nameservers;
    }

    @Override
    public List<String> ipv4(String host) throws UnknownHostException {
        return resolve(host).ipv4();
    }

    @Override
    public HostAnswer resolve(String host) throws UnknownHostException {
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            throw new UnknownHostException(host + " is not a host name");
        }
        Optional<InetAddress> fromHosts = hostsFile(name);
        if (fromHosts.isPresent()) {
            return new HostAnswer(List.of(fromHosts.get().getHostAddress()), Duration.ZERO);
        }
        if (nameservers.isEmpty()) {
            throw new UnknownHostException("not in the hosts file and no IPv4 nameserver to ask");
        }
        List<String> failures = new ArrayList<>();
        for (InetSocketAddress server : nameservers) {
            String where = server.getAddress().getHostAddress() + ":" + server.getPort();
            Message answer;
            try {
                SimpleResolver resolver = new SimpleResolver(server);
                resolver.setTimeout(timeout);
                answer = resolver.send(Message.newQuery(Record.newRecord(name, Type.A, DClass.IN)));
            } catch (IOException e) {
                failures.add(where + ": " + (e instanceof java.net.SocketTimeoutException
                        || String.valueOf(e.getMessage()).contains("timed out") ? "i/o timeout" : e.getMessage()));
                continue;
            }
            int rcode = answer.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                throw new UnknownHostException("no such host (" + where + ")");
            }
            if (rcode != Rcode.NOERROR) {
                failures.add(where + ": " + Rcode.string(rcode));
                continue;
            }
            List<String> ips = new ArrayList<>();
            long ttl = Long.MAX_VALUE;
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r instanceof ARecord a && !ips.contains(a.getAddress().getHostAddress())) {
                    ips.add(a.getAddress().getHostAddress());
                    ttl = Math.min(ttl, r.getTTL());
                } else if (r instanceof CNAMERecord) {
                    ttl = Math.min(ttl, r.getTTL());
                }
            }
            if (ips.isEmpty()) {
                throw new UnknownHostException("no IPv4 address (" + where + ")");
            }
            return new HostAnswer(ips, Duration.ofSeconds(ttl));
        }
        throw new UnknownHostException(String.join("; ", failures));
    }

    private Optional<InetAddress> hostsFile(Name name) {
        if (!Files.isReadable(hostsFile)) {
            return Optional.empty();
        }
        try {
            // A fresh parser each time: the file may change while tunnelkeeper runs (it is often a bind mount).
            return new HostsFileParser(hostsFile, false).getAddressForHost(name, Type.A);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
