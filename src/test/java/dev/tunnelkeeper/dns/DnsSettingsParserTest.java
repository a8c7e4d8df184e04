package dev.tunnelkeeper.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsCatalog;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnsSettingsParserTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    private DnsSettings parse(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("TK_CONFIG", "");
        RawSettings raw = RawSettings.read(all, problems);
        return DnsSettingsParser.parse(raw::get, problems);
    }

    @Test
    void defaultsAreDnsOverTlsToCloudflareOnTheLoopbackPort53() {
        DnsSettings s = parse(Map.of());
        assertEquals(List.of(), problems);
        assertTrue(s.enabled() && s.dot() && s.caching());
        assertEquals(new HostPort("127.0.0.1", 53), s.address());
        assertFalse(s.keepNameserver());
        assertEquals(Path.of("/etc/resolv.conf"), s.resolvConf());
        assertEquals(List.of("1.1.1.1:853 (cloudflare-dns.com)", "1.0.0.1:853 (cloudflare-dns.com)"),
                s.dotServers().stream().map(Object::toString).toList());
        assertEquals(1024, s.cacheSize());
        assertEquals(Duration.ofSeconds(2), s.upstreamTimeout());
        assertEquals(SettingsCatalog.byEnv("DNS_SERVER").env(), "DNS_SERVER");
    }

    @Test
    void providersCustomServersAndPlainUpstreams() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), selfSignedPem());
        DnsSettings s = parse(Map.of("DOT_PROVIDERS", "Quad9, google", "DOT_CUSTOM_SERVERS", "dns.lab@172.16.99.1, x.example@192.0.2.1:8853",
                "DOT_CA_FILE", ca.toString(), "DNS_UPSTREAM_ADDRESSES", "10.8.0.1, 10.8.0.2:5353", "DNS_LISTEN_ADDRESS", ":53"));
        assertEquals(List.of(), problems);
        assertEquals(List.of("9.9.9.9:853 (dns.quad9.net)", "149.112.112.112:853 (dns.quad9.net)", "8.8.8.8:853 (dns.google)",
                "8.8.4.4:853 (dns.google)", "172.16.99.1:853 (dns.lab)", "192.0.2.1:8853 (x.example)"),
                s.dotServers().stream().map(Object::toString).toList());
        assertEquals(List.of(new InetSocketAddress("10.8.0.1", 53), new InetSocketAddress("10.8.0.2", 5353)), s.plainUpstreams());
        assertEquals(new HostPort("", 53), s.address());
        assertEquals(ca, s.dotCaFile().orElseThrow());
    }

    @Test
    void eachBadValueIsOneLineNamingTheVariableAndWhatIsValid() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "hello");
        parse(Map.of("DNS_SERVER", "maybe", "DNS_LISTEN_ADDRESS", "localhost:53", "DOT_PROVIDERS", "cloudflare,opendns",
                "DOT_CUSTOM_SERVERS", "192.0.2.1:853", "DNS_UPSTREAM_ADDRESSES", "dns.example", "DNS_CACHE_SIZE", "0",
                "DNS_UPSTREAM_TIMEOUT", "1m", "DOT_CA_FILE", notPem.toString()));
        assertTrue(problems.contains("DNS_SERVER=\"maybe\": not a boolean; valid: on, off, yes, no, true or false"), problems.toString());
        assertTrue(problems.contains("DNS_LISTEN_ADDRESS=\"localhost:53\": \"localhost\" is not an IPv4 address; valid: an IPv4 address and port to listen on, such as 127.0.0.1:53 or :53 (every interface)"), problems.toString());
        assertTrue(problems.contains("DOT_PROVIDERS=\"cloudflare,opendns\": \"opendns\" is not a known provider; valid: comma-separated names from cloudflare, google, quad9, or none (other servers go in DOT_CUSTOM_SERVERS)"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("DOT_CUSTOM_SERVERS=\"192.0.2.1:853\": \"192.0.2.1:853\" has no tlsname@")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("DNS_UPSTREAM_ADDRESSES=\"dns.example\": \"dns.example\": ")), problems.toString());
        assertTrue(problems.contains("DNS_CACHE_SIZE=\"0\": out of range; valid: a whole number of answers from 1 to 1000000"), problems.toString());
        assertTrue(problems.contains("DNS_UPSTREAM_TIMEOUT=\"1m\": out of range; valid: a duration from 100ms to 30s, such as 2s"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("DOT_CA_FILE=\"" + notPem + "\": not a PEM file of certificates")), problems.toString());
        assertEquals(8, problems.size(), problems.toString());
    }

    @Test
    void aResolverWithoutUpstreamsIsAProblem() {
        parse(Map.of("DOT", "off"));
        assertEquals(List.of("DNS_UPSTREAM_PLAIN_ADDRESSES is not set; valid: with DNS_SERVER=on and plain DNS (DOT=off or "
                + "DNS_UPSTREAM_RESOLVER_TYPE=plain), the plain DNS servers to ask through the tunnel, such as 10.8.0.1:53 "
                + "(DNS_ADDRESS=10.8.0.1 and DNS_UPSTREAM_ADDRESSES do too), or DNS over TLS"), problems);
        problems.clear();
        parse(Map.of("DOT_PROVIDERS", "none"));
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("DNS_UPSTREAM_RESOLVERS (or DOT_PROVIDERS) and DOT_CUSTOM_SERVERS name no server"), problems.toString());
        problems.clear();
        assertEquals(List.of("172.16.99.1:853 (dns.lab)"), parse(Map.of("DOT_PROVIDERS", "None", "DOT_CUSTOM_SERVERS", "dns.lab@172.16.99.1"))
                .dotServers().stream().map(Object::toString).toList());
        assertEquals(List.of(), problems);
        problems.clear();
        parse(Map.of("DOT", "off", "DNS_SERVER", "off"));
        assertEquals(List.of(), problems, "no resolver, no upstreams needed");
    }

    // ---- gluetun's names mean what they mean in gluetun ----

    /** An older gluetun compose file: DOT=off and the provider's DNS in DNS_ADDRESS. It stopped the start before. */
    @Test
    void gluetunsDotOffWithDnsAddressAsksTheProvidersDnsAndListensOnTheLoopback() {
        DnsSettings s = parse(Map.of("DOT", "off", "DNS_ADDRESS", "10.8.0.1"));
        assertEquals(List.of(), problems);
        assertFalse(s.dot());
        assertEquals(List.of(new InetSocketAddress("10.8.0.1", 53)), s.plainUpstreams());
        assertEquals(new HostPort("127.0.0.1", 53), s.address(), "listening stays on the loopback");
    }

    @Test
    void dnsAddressAloneMakesTheUpstreamsPlainAsInGluetun() {
        DnsSettings s = parse(Map.of("DNS_ADDRESS", "10.64.0.1"));
        assertEquals(List.of(), problems);
        assertFalse(s.dot());
        assertEquals(List.of(new InetSocketAddress("10.64.0.1", 53)), s.plainUpstreams());
    }

    /** DNS_ADDRESS=127.0.0.1 is in many gluetun compose files: gluetun's own resolver, so no upstream. */
    @Test
    void aLoopbackDnsAddressMeansNoneAndALoopbackWithAPortPointsAtTheListenAddress() {
        DnsSettings s = parse(Map.of("DNS_ADDRESS", "127.0.0.1"));
        assertEquals(List.of(), problems);
        assertTrue(s.dot());
        assertEquals(List.of(), s.plainUpstreams());
        parse(Map.of("DNS_ADDRESS", "127.0.0.1:5353"));
        assertEquals(List.of("DNS_ADDRESS=\"127.0.0.1:5353\": a loopback address with a port: DNS_ADDRESS names an upstream "
                + "server, not where to listen; valid: the IP address of a plain DNS server to ask through the tunnel, such as "
                + "your VPN provider's 10.8.0.1 (gluetun's meaning; port 53), or 127.0.0.1 for none; where the local resolver "
                + "listens is DNS_LISTEN_ADDRESS (such as DNS_LISTEN_ADDRESS=127.0.0.1:5353)"), problems);
    }

    @Test
    void gluetunsNewerNames() {
        DnsSettings plain = parse(Map.of("DNS_UPSTREAM_RESOLVER_TYPE", "plain", "DNS_UPSTREAM_PLAIN_ADDRESSES", "10.2.0.1:53, 192.0.2.53:5353"));
        assertEquals(List.of(), problems);
        assertFalse(plain.dot());
        assertEquals(List.of(new InetSocketAddress("10.2.0.1", 53), new InetSocketAddress("192.0.2.53", 5353)), plain.plainUpstreams());

        DnsSettings dot = parse(Map.of("DNS_UPSTREAM_RESOLVER_TYPE", "DoT", "DNS_UPSTREAM_RESOLVERS", "quad9", "DOT_PROVIDERS", "google"));
        assertEquals(List.of(), problems);
        assertTrue(dot.dot());
        assertEquals(List.of("9.9.9.9:853 (dns.quad9.net)", "149.112.112.112:853 (dns.quad9.net)"),
                dot.dotServers().stream().map(Object::toString).toList(), "gluetun's name wins over its older one");
    }

    @Test
    void badOrContradictoryResolverTypes() {
        parse(Map.of("DNS_UPSTREAM_RESOLVER_TYPE", "doh"));
        assertEquals(List.of("DNS_UPSTREAM_RESOLVER_TYPE=\"doh\": DNS over HTTPS is not supported here; valid: dot (DNS over TLS, "
                + "the default) or plain (plain DNS to DNS_UPSTREAM_PLAIN_ADDRESSES)"), problems);
        problems.clear();
        parse(Map.of("DNS_UPSTREAM_RESOLVER_TYPE", "plain", "DOT", "on", "DNS_UPSTREAM_PLAIN_ADDRESSES", "10.2.0.1:53"));
        assertEquals(List.of("DOT=\"on\": contradicts DNS_UPSTREAM_RESOLVER_TYPE=\"plain\"; valid: one of them, or both saying "
                + "the same (DOT=on with dot, DOT=off with plain)"), problems);
    }

    @Test
    void plainServersSetWhileTheTypeIsDotAreNotUsedWithAWarning() {
        DnsSettings s = parse(Map.of("DNS_UPSTREAM_RESOLVER_TYPE", "dot", "DNS_UPSTREAM_PLAIN_ADDRESSES", "10.2.0.1:53"));
        assertEquals(List.of(), problems);
        assertTrue(s.dot());
        assertEquals(java.util.Optional.of("the plain DNS servers 10.2.0.1:53 are not used: the upstream type is DNS over TLS "
                + "(DNS_UPSTREAM_RESOLVER_TYPE=plain or DOT=off uses them)"), DnsSettingsParser.unusedPlainServers(s));
        assertEquals(java.util.Optional.empty(), DnsSettingsParser.unusedPlainServers(parse(Map.of("DOT", "off", "DNS_ADDRESS", "10.8.0.1"))));
    }

    /** A certificate made by the JDK's keytool, as PEM. */
    private String selfSignedPem() throws Exception {
        Path store = dir.resolve("ks.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", store.toString(), "-storepass", "changeit", "-alias", "ca", "-keyalg", "EC",
                "-dname", "CN=test-ca", "-validity", "2");
        return run(keytool, "-exportcert", "-rfc", "-keystore", store.toString(), "-storepass", "changeit", "-alias", "ca");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }
}
