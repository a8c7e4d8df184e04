package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The product's resolver in the lab: a DNS server in the server namespace, on an address reachable only through the
 * tunnel, answers where.tunnelkeeper.lab with 192.0.2.1 (server 1). The client resolves through the product while the
 * tunnel is up, health check included (its target is a lab name); with the VPN stopped a query fails within well
 * under a second and iptables counters on both sides of the client's link see no DNS packet (UDP/TCP 53, TCP 853)
 * leave outside the tunnel; once the VPN runs again, queries work without a restart. DNS over TLS goes to the lab's
 * TLS endpoint with a certificate from the lab CA (DOT_CA_FILE), with FIREWALL=off, so only the resolver keeps DNS
 * from leaking while the tunnel is down.
 */
@Tag("lab")
@Timeout(180)
class DnsLabTest {
    private static final String KEY = "lab-dns-control-key-0123456789";
    private static final String CONTROL = "http://127.0.0.1:8000";
    private static final Duration UP = Duration.ofSeconds(40);
    private static final String TARGET_NAME = "target.tunnelkeeper.lab";
    /** Fail fast: well under a second, with room for a busy 2-core machine (a JVM-side timing, not a benchmark). */
    private static final long FAST_MS = 1_000;

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void openVpnPlainDnsGoesOnlyThroughTheTunnelAndComesBackWithoutARestart() throws Exception {
        try (Lab lab = Lab.start(1)) {
            lab.startDns();
            Map<String, String> env = env(lab, ProductRun.openVpnEnv(lab));
            Path resolvConf = Path.of(env.get("DNS_RESOLV_CONF"));
            String before = Files.readString(resolvConf);
            installDnsCounters(lab);
            try (ProductRun tk = ProductRun.start(lab, env)) {
                // The health target is a name only the lab's DNS knows: healthy means it resolved through the tunnel.
                tk.await("INFO [healthcheck] healthy!", 1, UP);
                assertTrue(lab.dnsQueries(1).contains("QUERY udp " + TARGET_NAME + "."), lab.dnsQueries(1));
                assertTrue(Files.readString(resolvConf).contains("\nnameserver 127.0.0.1\n"), Files.readString(resolvConf));
                assertTrue(tk.log().contains("INFO [dns] " + resolvConf + " points at the local resolver 127.0.0.1 instead of 10.200.0.1"), tk.log());

                List<String> up = dig(lab, "a1.where.tunnelkeeper.lab", "nx.tunnelkeeper.lab");
                assertTrue(up.get(0).matches("a1\\.where\\.tunnelkeeper\\.lab NOERROR \\d+ 192\\.0\\.2\\.1"), up.toString());
                assertTrue(up.get(1).startsWith("nx.tunnelkeeper.lab NXDOMAIN "), up.toString());

                assertEquals("{\"outcome\":\"stopped\"}", control(lab, "PUT", "{\"status\":\"stopped\"}"));
                tk.await("INFO [dns] the tunnel is down", 1, UP);
                List<String> down = dig(lab, "a2.where.tunnelkeeper.lab", "a1.where.tunnelkeeper.lab");
                assertFailedFast(down.get(0), "a2.where.tunnelkeeper.lab");
                assertTrue(down.get(1).matches("a1\\.where\\.tunnelkeeper\\.lab NOERROR \\d+ 192\\.0\\.2\\.1"),
                        "a cached answer still answers: " + down);
                assertEquals(0, dnsLeaks(lab), counters(lab));

                assertEquals("{\"outcome\":\"running\"}", control(lab, "PUT", "{\"status\":\"running\"}"));
                List<String> again = dig(lab, "a3.where.tunnelkeeper.lab");
                assertTrue(again.get(0).matches("a3\\.where\\.tunnelkeeper\\.lab NOERROR \\d+ 192\\.0\\.2\\.1"), again.toString());
                assertEquals(1, tk.count("INFO [dns] DNS server listening on"), "the same resolver all along");
                assertEquals(0, tk.terminate(Duration.ofSeconds(10)));
                assertTrue(tk.log().contains("INFO [dns] restored " + resolvConf), tk.log());
            }
            assertEquals(before, Files.readString(resolvConf), "restored on a clean exit");
            assertEquals(0, dnsLeaks(lab), counters(lab));
        }
    }

    @Test
    void wireGuardDnsOverTlsWithTheLabCaAndNoLeakEvenWithTheFirewallOff() throws Exception {
        try (Lab lab = Lab.start(1)) {
            lab.startDns();
            Map<String, String> env = env(lab, ProductRun.wireGuardEnv(lab));
            env.put("DOT", "on");
            env.put("DOT_PROVIDERS", "none");
            // First a server whose certificate does not carry the name asked for: refused, the next one answers.
            env.put("DOT_CUSTOM_SERVERS", "wrong.tunnelkeeper.lab@" + lab.dnsAddress() + "," + lab.dotServer());
            env.put("DOT_CA_FILE", lab.caCertificate().toString());
            env.put("FIREWALL", "off");
            installDnsCounters(lab);
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [healthcheck] healthy!", 1, UP);
                assertTrue(lab.dnsQueries(1).contains("QUERY tls " + TARGET_NAME + "."), lab.dnsQueries(1));
                assertTrue(tk.log().contains("WARN [dns] upstream " + lab.dnsAddress() + ":853 (wrong.tunnelkeeper.lab) failed: TLS handshake: "),
                        tk.log());
                List<String> up = dig(lab, "b1.where.tunnelkeeper.lab");
                assertTrue(up.get(0).matches("b1\\.where\\.tunnelkeeper\\.lab NOERROR \\d+ 192\\.0\\.2\\.1"), up.toString());
                assertTrue(lab.dnsQueries(1).contains("QUERY tls b1.where.tunnelkeeper.lab."), lab.dnsQueries(1));

                assertEquals("{\"outcome\":\"stopped\"}", control(lab, "PUT", "{\"status\":\"stopped\"}"));
                tk.await("INFO [dns] the tunnel is down", 1, UP);
                assertFailedFast(dig(lab, "b2.where.tunnelkeeper.lab").get(0), "b2.where.tunnelkeeper.lab");
                assertEquals(0, dnsLeaks(lab), "FIREWALL=off: only the resolver kept DNS in; " + counters(lab));
                assertTrue(!lab.dnsQueries(1).contains("b2.where"), "the lab's DNS was never asked: " + lab.dnsQueries(1));
            }
        }
    }

    private static Map<String, String> env(Lab lab, Map<String, String> env) {
        env.put("HEALTH_TARGET_ADDRESS", TARGET_NAME + ":443");
        env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
        env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
        env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
        return env;
    }

    private static void assertFailedFast(String line, String name) {
        String[] f = line.split(" ");
        assertEquals(name, f[0], line);
        assertEquals("SERVFAIL", f[1], "answered SERVFAIL, not left to time out: " + line);
        assertTrue(Long.parseLong(f[2]) < FAST_MS, "within " + FAST_MS + " ms: " + line);
    }

    private static List<String> dig(Lab lab, String... names) {
        return lab.dig(lab.clientNamespace(), "127.0.0.1", 53, Duration.ofSeconds(5), names);
    }

    private static String control(Lab lab, String method, String body) {
        return NamespaceHttp.call(lab, lab.clientNamespace(), method, CONTROL + "/v1/vpn/status", body, Map.of("X-API-Key", KEY)).body();
    }

    /**
     * LeakLabTest's counting, for DNS only: the client's mangle POSTROUTING (which the kill switch leaves alone) counts
     * DNS packets leaving by eth0, the router's raw PREROUTING those arriving from the client; tunnel traffic to the
     * VPN endpoint is other ports, so any count is a leak.
     */
    private static void installDnsCounters(Lab lab) {
        chain(lab, lab.clientNamespace(), "mangle", "POSTROUTING", "-o eth0");
        chain(lab, lab.routerNamespace(), "raw", "PREROUTING", "-i l-cli");
    }

    private static void chain(Lab lab, String ns, String table, String hook, String match) {
        lab.exec(ns, "iptables", "-t", table, "-N", "TKDNS");
        lab.exec(ns, ("iptables -t " + table + " -A " + hook + " " + match + " -j TKDNS").split(" "));
        for (String kind : List.of("-p udp --dport 53", "-p tcp --dport 53", "-p tcp --dport 853")) {
            lab.exec(ns, ("iptables -t " + table + " -A TKDNS " + kind + " -m comment --comment DNSLEAK").split(" "));
        }
    }

    private static long dnsLeaks(Lab lab) {
        return sum(lab, lab.clientNamespace(), "mangle") + sum(lab, lab.routerNamespace(), "raw");
    }

    private static long sum(Lab lab, String ns, String table) {
        long total = 0;
        int rules = 0;
        for (String line : lab.exec(ns, "iptables", "-t", table, "-L", "TKDNS", "-v", "-n", "-x").lines().toList()) {
            String[] f = line.trim().split("\\s+");
            if (line.contains("/* DNSLEAK */") && f[0].matches("\\d+")) {
                total += Long.parseLong(f[0]);
                rules++;
            }
        }
        assertEquals(3, rules, "the DNS counters exist in " + ns);
        return total;
    }

    private static String counters(Lab lab) {
        return "client:\n" + lab.exec(lab.clientNamespace(), "iptables", "-t", "mangle", "-L", "TKDNS", "-v", "-n", "-x")
                + "router:\n" + lab.exec(lab.routerNamespace(), "iptables", "-t", "raw", "-L", "TKDNS", "-v", "-n", "-x");
    }
}
