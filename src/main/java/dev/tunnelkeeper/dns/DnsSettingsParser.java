package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.DnsSettings.DotServer;
import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads DNS_* and DOT* the way SettingsLoader reads everything else: one line per problem naming the variable, the
 * value and what would be valid, and a safe value in its place so every problem is reported in one go. gluetun's
 * names mean what they mean in gluetun: DNS_ADDRESS is a plain upstream server, DNS_UPSTREAM_RESOLVER_TYPE,
 * DNS_UPSTREAM_RESOLVERS and DNS_UPSTREAM_PLAIN_ADDRESSES choose the upstreams; the listen address is ours,
 * DNS_LISTEN_ADDRESS.
 */
public final class DnsSettingsParser {
    public static final List<String> ENV_NAMES = List.of("DNS_SERVER", "DNS_LISTEN_ADDRESS", "DNS_KEEP_NAMESERVER",
            "DNS_RESOLV_CONF", "DNS_UPSTREAM_RESOLVER_TYPE", "DNS_UPSTREAM_RESOLVERS", "DNS_UPSTREAM_PLAIN_ADDRESSES",
            "DNS_ADDRESS", "DNS_UPSTREAM_ADDRESSES", "DOT", "DOT_PROVIDERS", "DOT_CUSTOM_SERVERS", "DOT_CA_FILE",
            "DNS_CACHING", "DNS_CACHE_SIZE", "DNS_UPSTREAM_TIMEOUT");
    static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 53);
    static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);

    private final Function<String, RawSettings.Value> settings;
    private final List<String> problems;

    private DnsSettingsParser(Function<String, RawSettings.Value> settings, List<String> problems) {
        this.settings = settings;
        this.problems = problems;
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
        boolean enabled = bool("DNS_SERVER", true);
        HostPort address = listenAddress();
        boolean keep = bool("DNS_KEEP_NAMESERVER", false);
        Path resolvConf = resolvConf();
        List<InetSocketAddress> plain = new ArrayList<>(plainUpstreams("DNS_UPSTREAM_PLAIN_ADDRESSES"));
        plain.addAll(plainUpstreams("DNS_UPSTREAM_ADDRESSES"));
        Optional<InetSocketAddress> gluetunAddress = gluetunDnsAddress();
        gluetunAddress.ifPresent(plain::add);
        boolean dot = upstreamIsDot(gluetunAddress.isPresent());
        List<DotServer> dotServers = new ArrayList<>(providers());
        dotServers.addAll(customDotServers());
        Optional<Path> ca = caFile();
        boolean caching = bool("DNS_CACHING", true);
        int cacheSize = cacheSize();
        Duration timeout = timeout();
        if (enabled && dot && dotServers.isEmpty()) {
            problems.add("DNS_UPSTREAM_RESOLVERS (or DOT_PROVIDERS) and DOT_CUSTOM_SERVERS name no server; valid: with "
                    + "DNS_SERVER=on and DNS over TLS, at least one of " + String.join(", ", DotProviders.names())
                    + " or a custom server such as dns.example@192.0.2.1:853");
        }
        if (enabled && !dot && plain.isEmpty()) {
            problems.add("DNS_UPSTREAM_PLAIN_ADDRESSES is not set; valid: with DNS_SERVER=on and plain DNS (DOT=off or "
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
        RawSettings.Value type = settings.apply("DNS_UPSTREAM_RESOLVER_TYPE");
        RawSettings.Value dotValue = settings.apply("DOT");
        boolean dot = bool("DOT", true);
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
        RawSettings.Value v = settings.apply("DNS_ADDRESS");
        if (!v.isSet()) {
            return Optional.empty();
        }
        String valid = "the IP address of a plain DNS server to ask through the tunnel, such as your VPN provider's "
                + "10.8.0.1 (gluetun's meaning; port 53), or 127.0.0.1 for none; where the local resolver listens is DNS_LISTEN_ADDRESS";
        try {
            HostPort hp = HostPort.parse(v.text(), 53);
            if (hp.host().isEmpty()) {
                problem(v, "no address", valid);
                return Optional.empty();
            }
            InetSocketAddress upstream = new InetSocketAddress(DotProviders.literal(hp.host()), hp.port());
            if (upstream.getAddress().isLoopbackAddress()) {
                if (hp.port() != 53) {
                    problem(v, "a loopback address with a port: DNS_ADDRESS names an upstream server, not where to listen",
                            valid + " (such as DNS_LISTEN_ADDRESS=" + v.text().strip() + ")");
                }
                return Optional.empty();
            }
            return Optional.of(upstream);
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return Optional.empty();
        }
    }

    private boolean bool(String env, boolean fallback) {
        return settings.apply(env).bool(fallback, problems);
    }

    // An IP literal: the listener must not depend on the name resolution it provides.
    private HostPort listenAddress() {
        RawSettings.Value v = settings.apply("DNS_LISTEN_ADDRESS");
        String valid = "an IPv4 address and port to listen on, such as 127.0.0.1:53 or :53 (every interface)";
        try {
            HostPort hp = HostPort.parse(v.text(), 53);
            if (!hp.host().isEmpty()) {
                DotProviders.literal(hp.host());
            }
            return hp;
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return DEFAULT_ADDRESS;
        }
    }

    private Path resolvConf() {
        RawSettings.Value v = settings.apply("DNS_RESOLV_CONF");
        try {
            Path p = Path.of(v.text().strip());
            if (v.text().isBlank() || Files.isDirectory(p)) {
                problem(v, v.text().isBlank() ? "empty" : "a directory", "the path of the resolver configuration file, such as /etc/resolv.conf");
                return DEFAULT_RESOLV_CONF;
            }
            return p;
        } catch (InvalidPathException e) {
            problem(v, e.getReason(), "a file path such as /etc/resolv.conf");
            return DEFAULT_RESOLV_CONF;
        }
    }

    private List<InetSocketAddress> plainUpstreams(String env) {
        RawSettings.Value v = settings.apply(env);
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : v.items()) {
            try {
                HostPort hp = HostPort.parse(part, 53);
                out.add(new InetSocketAddress(DotProviders.literal(hp.host()), hp.port()));
            } catch (IllegalArgumentException e) {
                problem(v, "\"" + part + "\": " + e.getMessage(), "comma-separated IPv4 addresses with an optional port, such as 10.8.0.1,10.8.0.2:5353");
            }
        }
        return out;
    }

    // gluetun's DNS_UPSTREAM_RESOLVERS when set, else its older name DOT_PROVIDERS (which has the default).
    private List<DotServer> providers() {
        RawSettings.Value resolvers = settings.apply("DNS_UPSTREAM_RESOLVERS");
        RawSettings.Value v = resolvers.isSet() ? resolvers : settings.apply("DOT_PROVIDERS");
        List<DotServer> out = new ArrayList<>();
        if (v.text().strip().equalsIgnoreCase("none")) {
            return out; // an empty value means the default, so "none" is how only custom servers are asked
        }
        for (String part : v.items()) {
            Optional<List<DotServer>> servers = DotProviders.servers(part.toLowerCase(Locale.ROOT));
            if (servers.isEmpty()) {
                problem(v, "\"" + part + "\" is not a known provider", "comma-separated names from " + String.join(", ", DotProviders.names())
                        + ", or none (other servers go in DOT_CUSTOM_SERVERS)");
            } else {
                out.addAll(servers.get());
            }
        }
        return out;
    }

    private List<DotServer> customDotServers() {
        RawSettings.Value v = settings.apply("DOT_CUSTOM_SERVERS");
        String valid = "comma-separated tlsname@ip[:port], such as dns.example@192.0.2.1:853 (the name the server's certificate carries)";
        List<DotServer> out = new ArrayList<>();
        for (String part : v.items()) {
            int at = part.indexOf('@');
            if (at <= 0 || at == part.length() - 1) {
                problem(v, "\"" + part + "\" has no tlsname@ before the address", valid);
                continue;
            }
            String name = part.substring(0, at);
            if (!name.matches("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*")) {
                problem(v, "\"" + name + "\" is not a host name", valid);
                continue;
            }
            try {
                HostPort hp = HostPort.parse(part.substring(at + 1), 853);
                out.add(new DotServer(name, new InetSocketAddress(DotProviders.literal(hp.host()), hp.port()), "custom"));
            } catch (IllegalArgumentException e) {
                problem(v, "\"" + part + "\": " + e.getMessage(), valid);
            }
        }
        return out;
    }

    private Optional<Path> caFile() {
        RawSettings.Value v = settings.apply("DOT_CA_FILE");
        if (!v.isSet()) {
            return Optional.empty();
        }
        try {
            Path p = Path.of(v.text().strip());
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problem(v, "no readable file there", "a PEM file of CA certificates to trust besides the JDK's, or empty");
                return Optional.empty();
            }
            try {
                DotTrust.readPem(p);
            } catch (java.io.IOException | java.security.cert.CertificateException e) {
                problem(v, "not a PEM file of certificates (" + e.getMessage() + ")", "a PEM file of CA certificates (-----BEGIN CERTIFICATE-----), or empty");
                return Optional.empty();
            }
            return Optional.of(p);
        } catch (InvalidPathException e) {
            problem(v, e.getReason(), "a PEM file path, or empty");
            return Optional.empty();
        }
    }

    private int cacheSize() {
        RawSettings.Value v = settings.apply("DNS_CACHE_SIZE");
        String valid = "a whole number of answers from 1 to 1000000";
        try {
            int n = Integer.parseInt(v.text().strip());
            if (n < 1 || n > 1_000_000) {
                problem(v, "out of range", valid);
                return 1024;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(v, "not a whole number", valid);
            return 1024;
        }
    }

    private Duration timeout() {
        RawSettings.Value v = settings.apply("DNS_UPSTREAM_TIMEOUT");
        String valid = "a duration from " + GoDuration.format(MIN_TIMEOUT) + " to " + GoDuration.format(MAX_TIMEOUT) + ", such as 2s";
        try {
            Duration d = GoDuration.parse(v.text());
            if (d.compareTo(MIN_TIMEOUT) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
                problem(v, "out of range", valid);
                return Duration.ofSeconds(2);
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return Duration.ofSeconds(2);
        }
    }

    private void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }
}
