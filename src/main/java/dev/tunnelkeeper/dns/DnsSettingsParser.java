package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.DnsSettings.DotServer;
import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsReader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads DNS_* and DOT* with config's readers: one line per problem naming the variable, the
 * value and what would be valid, and a safe value in its place so every problem is reported in one go. gluetun's
 * names mean what they mean in gluetun: DNS_ADDRESS is a plain upstream server, DNS_UPSTREAM_RESOLVER_TYPE,
 * DNS_UPSTREAM_RESOLVERS and DNS_UPSTREAM_PLAIN_ADDRESSES choose the upstreams; the listen address is ours,
 * DNS_LISTEN_ADDRESS.
 */
public final class DnsSettingsParser {
    static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 53);
    static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private final SettingsReader r;

    private DnsSettingsParser(Function<String, RawSettings.Value> settings, List<String> problems) {
        this.r = new SettingsReader(settings, problems);
    }

    public static DnsSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        return new DnsSettingsParser(settings, problems).parse();
    }

    /**
     * The warning for plain servers that are set but not used (the upstream type is DNS over TLS), or empty; logged
     * when the resolver starts (settings are read before logging is set up).
     */
    public static Optional<String> unusedPlainServers(DnsSettings settings) {
        if (!settings.enabled() || !settings.dot() || settings.plainUpstreams().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("the plain DNS servers " + settings.plainUpstreams().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(java.util.stream.Collectors.joining(", "))
                + " are not used: the upstream type is DNS over TLS (DNS_UPSTREAM_RESOLVER_TYPE=plain or DOT=off uses them)");
    }

    private DnsSettings parse() {
        boolean enabled = r.bool("DNS_SERVER", true);
        HostPort address = listenAddress();
        boolean keep = r.bool("DNS_KEEP_NAMESERVER", false);
        Path resolvConf = r.fileToWrite("DNS_RESOLV_CONF", DEFAULT_RESOLV_CONF,
                "the path of the resolver configuration file, such as /etc/resolv.conf");
        List<InetSocketAddress> plain = new ArrayList<>(plainUpstreams("DNS_UPSTREAM_PLAIN_ADDRESSES"));
        plain.addAll(plainUpstreams("DNS_UPSTREAM_ADDRESSES"));
        Optional<InetSocketAddress> gluetunAddress = gluetunDnsAddress();
        gluetunAddress.ifPresent(plain::add);
        boolean dot = upstreamIsDot(gluetunAddress.isPresent());
        List<DotServer> dotServers = new ArrayList<>(providers());
        dotServers.addAll(customDotServers());
        Optional<Path> ca = caFile();
        boolean caching = r.bool("DNS_CACHING", true);
        int cacheSize = r.integer("DNS_CACHE_SIZE", 1024, 1, 1_000_000, "a whole number of answers from 1 to 1000000");
        Duration timeout = r.duration("DNS_UPSTREAM_TIMEOUT", Duration.ofSeconds(2), MIN_TIMEOUT, MAX_TIMEOUT,
                "a duration from " + GoDuration.format(MIN_TIMEOUT) + " to " + GoDuration.format(MAX_TIMEOUT) + ", such as 2s");
        if (enabled && dot && dotServers.isEmpty()) {
            r.problem("DNS_UPSTREAM_RESOLVERS (or DOT_PROVIDERS) and DOT_CUSTOM_SERVERS name no server; valid: with "
                    + "DNS_SERVER=on and DNS over TLS, at least one of " + String.join(", ", DotProviders.names())
                    + " or a custom server such as dns.example@192.0.2.1:853");
        }
        if (enabled && !dot && plain.isEmpty()) {
            r.problem("DNS_UPSTREAM_PLAIN_ADDRESSES is not set; valid: with DNS_SERVER=on and plain DNS (DOT=off or "
                    + "DNS_UPSTREAM_RESOLVER_TYPE=plain), the plain DNS servers to ask through the tunnel, such as "
                    + "10.8.0.1:53 (DNS_ADDRESS=10.8.0.1 and DNS_UPSTREAM_ADDRESSES do too), or DNS over TLS");
        }
        return new DnsSettings(enabled, address, keep, resolvConf, plain, dot, dotServers, ca, caching, cacheSize, timeout);
    }

    /**
     * Whether the upstreams are DNS over TLS: DNS_UPSTREAM_RESOLVER_TYPE when set (gluetun's dot or plain), else plain
     * when gluetun's DNS_ADDRESS names a server (gluetun forces plain then), else DOT.
     */
    private boolean upstreamIsDot(boolean gluetunAddress) {
        RawSettings.Value type = r.value("DNS_UPSTREAM_RESOLVER_TYPE");
        RawSettings.Value dotValue = r.value("DOT");
        boolean dot = r.bool("DOT", true);
        if (!type.isSet()) {
            return dot && !gluetunAddress;
        }
        String id = type.text().strip().toLowerCase(Locale.ROOT);
        if (!id.equals("dot") && !id.equals("plain")) {
            problem(type, id.equals("doh") ? "DNS over HTTPS is not supported here" : "not a resolver type",
                    "dot (DNS over TLS, the default) or plain (plain DNS to DNS_UPSTREAM_PLAIN_ADDRESSES)");
            return dot;
        }
        boolean wanted = id.equals("dot");
        // Only DOT set in the environment, as a compose file sets it: the shipped YAML file writes its default out.
        if (dotValue.source().equals("env") && dot != wanted) {
            problem(dotValue, "contradicts " + type.describe(), "one of them, or both saying the same (DOT=on with dot, DOT=off with plain)");
        }
        return wanted;
    }

    /**
     * gluetun's DNS_ADDRESS: a plain DNS server (an IP address, port 53) asked through the tunnel, as gluetun adds it to
     * its plain upstreams; 127.0.0.1, gluetun's own resolver, means none. The listen address is DNS_LISTEN_ADDRESS.
     */
    private Optional<InetSocketAddress> gluetunDnsAddress() {
        String valid = "the IP address of a plain DNS server to ask through the tunnel, such as your VPN provider's "
                + "10.8.0.1 (gluetun's meaning; port 53), or 127.0.0.1 for none; where the local resolver listens is DNS_LISTEN_ADDRESS";
        Optional<InetSocketAddress> upstream = r.optional("DNS_ADDRESS", valid, text -> {
            HostPort hp = HostPort.parse(text, 53);
            if (hp.host().isEmpty()) {
                throw new IllegalArgumentException("no address");
            }
            return new InetSocketAddress(DotProviders.literal(hp.host()), hp.port());
        });
        if (upstream.isPresent() && upstream.get().getAddress().isLoopbackAddress()) {
            if (upstream.get().getPort() != 53) {
                RawSettings.Value v = r.value("DNS_ADDRESS");
                problem(v, "a loopback address with a port: DNS_ADDRESS names an upstream server, not where to listen",
                        valid + " (such as DNS_LISTEN_ADDRESS=" + v.text().strip() + ")");
            }
            return Optional.empty();
        }
        return upstream;
    }

    // An IP literal: the listener must not depend on the name resolution it provides.
    private HostPort listenAddress() {
        return r.read("DNS_LISTEN_ADDRESS", DEFAULT_ADDRESS,
                "an IPv4 address and port to listen on, such as 127.0.0.1:53 or :53 (every interface)", text -> {
                    HostPort hp = HostPort.parse(text, 53);
                    if (!hp.host().isEmpty()) {
                        DotProviders.literal(hp.host());
                    }
                    return hp;
                });
    }

    private List<InetSocketAddress> plainUpstreams(String env) {
        return r.eachQuoted(env, "comma-separated IPv4 addresses with an optional port, such as 10.8.0.1,10.8.0.2:5353", part -> {
            HostPort hp = HostPort.parse(part, 53);
            return new InetSocketAddress(DotProviders.literal(hp.host()), hp.port());
        });
    }

    // gluetun's DNS_UPSTREAM_RESOLVERS when set, else its older name DOT_PROVIDERS (which has the default).
    private List<DotServer> providers() {
        String env = r.value("DNS_UPSTREAM_RESOLVERS").isSet() ? "DNS_UPSTREAM_RESOLVERS" : "DOT_PROVIDERS";
        if (r.value(env).text().strip().equalsIgnoreCase("none")) {
            return List.of(); // an empty value means the default, so "none" is how only custom servers are asked
        }
        List<DotServer> out = new ArrayList<>();
        r.each(env, "comma-separated names from " + String.join(", ", DotProviders.names())
                + ", or none (other servers go in DOT_CUSTOM_SERVERS)", part -> DotProviders.servers(part.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new IllegalArgumentException("\"" + part + "\" is not a known provider")))
                .forEach(out::addAll);
        return out;
    }

    private List<DotServer> customDotServers() {
        return r.each("DOT_CUSTOM_SERVERS", "comma-separated tlsname@ip[:port], such as dns.example@192.0.2.1:853 (the "
                + "name the server's certificate carries)", part -> {
            int at = part.indexOf('@');
            if (at <= 0 || at == part.length() - 1) {
                throw new IllegalArgumentException("\"" + part + "\" has no tlsname@ before the address");
            }
            String name = part.substring(0, at);
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                throw new IllegalArgumentException("\"" + name + "\" is not a host name");
            }
            try {
                HostPort hp = HostPort.parse(part.substring(at + 1), 853);
                return new DotServer(name, new InetSocketAddress(DotProviders.literal(hp.host()), hp.port()), "custom");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + part + "\": " + e.getMessage());
            }
        });
    }

    private Optional<Path> caFile() {
        String valid = "a PEM file of CA certificates to trust besides the JDK's, or empty";
        return r.readableFile("DOT_CA_FILE", valid).filter(p -> r.read("DOT_CA_FILE", false,
                "a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), or empty", text -> {
                    try {
                        DotTrust.readPem(p);
                        return true;
                    } catch (java.io.IOException | java.security.cert.CertificateException e) {
                        throw new IllegalArgumentException("not a PEM file of certificates (" + e.getMessage() + ")");
                    }
                }));
    }

    private void problem(RawSettings.Value value, String what, String valid) {
        r.problem(value, what, valid);
    }
}
