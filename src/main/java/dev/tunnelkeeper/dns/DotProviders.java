package dev.tunnelkeeper.dns;

import dev.tunnelkeeper.config.DnsSettings.DotServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DNS-over-TLS providers users can name in DOT_PROVIDERS, with their published IPv4 addresses and TLS names. */
public final class DotProviders {
    private static final Map<String, List<String>> ADDRESSES = new LinkedHashMap<>();
    private static final Map<String, String> TLS_NAMES = new LinkedHashMap<>();

    static {
        add("cloudflare", "cloudflare-dns.com", "1.1.1.1", "1.0.0.1");
        add("google", "dns.google", "8.8.8.8", "8.8.4.4");
        add("quad9", "dns.quad9.net", "9.9.9.9", "149.112.112.112");
    }

    private DotProviders() {
    }

    private static void add(String name, String tlsName, String... ips) {
        ADDRESSES.put(name, List.of(ips));
        TLS_NAMES.put(name, tlsName);
    }

    public static List<String> names() {
        return List.copyOf(ADDRESSES.keySet());
    }

    /** The provider's servers on port 853, or empty when no provider has that name. */
    public static Optional<List<DotServer>> servers(String name) {
        List<String> ips = ADDRESSES.get(name);
        if (ips == null) {
            return Optional.empty();
        }
        List<DotServer> out = new ArrayList<>();
        for (String ip : ips) {
            out.add(new DotServer(TLS_NAMES.get(name), new InetSocketAddress(literal(ip), 853), name));
        }
        return Optional.of(out);
    }

    /** An IPv4 literal as an address, without any lookup. */
    static InetAddress literal(String ip) {
        byte[] bytes = org.xbill.DNS.Address.toByteArray(ip, org.xbill.DNS.Address.IPv4);
        if (bytes == null) {
            throw new IllegalArgumentException("\"" + ip + "\" is not an IPv4 address");
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
