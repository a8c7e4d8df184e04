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
 * value and what would be valid, and a safe value in its place so every problem is reported in one go.
 */
public final class DnsSettingsParser {
    public static final List<String> ENV_NAMES = List.of("DNS_SERVER", "DNS_ADDRESS", "DNS_KEEP_NAMESERVER",
            "DNS_RESOLV_CONF", "DNS_UPSTREAM_ADDRESSES", "DOT", "DOT_PROVIDERS", "DOT_CUSTOM_SERVERS", "DOT_CA_FILE",
            "DNS_CACHING", "DNS_CACHE_SIZE", "DNS_UPSTREAM_TIMEOUT");
    static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 53);
    static final Path DEFAULT_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(30);
    private static final String BOOLEANS = "on, off, yes, no, true or false";

    private final Function<String, RawSettings.Value> settings;
    private final List<String> problems;

    private DnsSettingsParser(Function<String, RawSettings.Value> settings, List<String> problems) {
        this.settings = settings;
        this.problems = problems;
    }

    public static DnsSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        return new DnsSettingsParser(settings, problems).parse();
    }

    private DnsSettings parse() {
        boolean enabled = bool("DNS_SERVER", true);
        HostPort address = listenAddress();
        boolean keep = bool("DNS_KEEP_NAMESERVER", false);
        Path resolvConf = resolvConf();
        List<InetSocketAddress> plain = plainUpstreams();
        boolean dot = bool("DOT", true);
        List<DotServer> dotServers = new ArrayList<>(providers());
        dotServers.addAll(customDotServers());
        Optional<Path> ca = caFile();
        boolean caching = bool("DNS_CACHING", true);
        int cacheSize = cacheSize();
        Duration timeout = timeout();
        if (enabled && dot && dotServers.isEmpty()) {
            problems.add("DOT_PROVIDERS and DOT_CUSTOM_SERVERS name no server; valid: with DNS_SERVER=on and DOT=on, at least one of "
                    + String.join(", ", DotProviders.names()) + " or a custom server such as dns.example@192.0.2.1:853");
        }
        if (enabled && !dot && plain.isEmpty()) {
            problems.add("DNS_UPSTREAM_ADDRESSES is not set; valid: with DNS_SERVER=on and DOT=off, the plain DNS servers"
                    + " to ask through the tunnel, such as 10.8.0.1 or 10.8.0.1:53 (or DOT=on)");
        }
        return new DnsSettings(enabled, address, keep, resolvConf, plain, dot, dotServers, ca, caching, cacheSize, timeout);
    }

    private boolean bool(String env, boolean fallback) {
        RawSettings.Value v = settings.apply(env);
        return switch (v.text().strip().toLowerCase(Locale.ROOT)) {
            case "on", "yes", "true" -> true;
            case "off", "no", "false" -> false;
            default -> {
                problem(v, "not a boolean", BOOLEANS);
                yield fallback;
            }
        };
    }

    // An IP literal: the listener must not depend on the name resolution it provides.
    private HostPort listenAddress() {
        RawSettings.Value v = settings.apply("DNS_ADDRESS");
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

    private List<InetSocketAddress> plainUpstreams() {
        RawSettings.Value v = settings.apply("DNS_UPSTREAM_ADDRESSES");
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

    private List<DotServer> providers() {
        RawSettings.Value v = settings.apply("DOT_PROVIDERS");
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
