package dev.tunnelkeeper.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The settings as a tree for the start-up log, secrets masked (they are {@link Secret}s, which print masked). */
public final class SettingsSummary {
    private final List<String> lines = new ArrayList<>();

    private SettingsSummary() {
    }

    /**
     * @param ovpnProtocol the protocol the .ovpn's own remote or proto line sets, when it, not OPENVPN_PROTOCOL,
     *                     applies (the servers package reads the file)
     * @param sections     the features' own parts in this tree's style (each line starting "├── " or "|   "), written
     *                     before the VPN's, which closes the tree: the features summarise their settings themselves
     */
    public static List<String> lines(Settings s, Optional<Protocol> ovpnProtocol, List<String> sections) {
        SettingsSummary t = new SettingsSummary();
        t.lines.add("Settings summary:");
        t.lines.add("├── Config file: " + s.file().map(Object::toString).orElse("none (environment and defaults)"));
        t.lines.add("├── Log level: " + s.logLevel().id());
        HealthSettings h = s.health();
        t.lines.add("├── Health settings:");
        t.lines.add("|   ├── Target addresses: " + h.targets().stream().map(HostPort::toString).collect(Collectors.joining(", ")));
        t.lines.add("|   ├── Server listening address: " + h.serverAddress());
        t.lines.add("|   ├── Duration to wait after success: " + GoDuration.format(h.successWait()));
        t.lines.add("|   └── VPN restart: " + (h.restartVpn() ? "on" : "off")
                + ", initial window " + GoDuration.format(h.vpnInitial())
                + ", addition " + GoDuration.format(h.vpnAddition()));
        ServerSettings sv = s.servers();
        t.lines.add("├── Server settings:");
        t.lines.add("|   ├── Servers: " + (sv.usesFile() ? "file " + sv.file() : "the one server of the environment"));
        t.lines.add("|   ├── Filters: " + filters(sv));
        t.lines.add("|   └── Selection: " + sv.selection().name().toLowerCase(java.util.Locale.ROOT)
                + ", cool-down " + GoDuration.format(sv.cooldown()));
        FirewallSettings f = s.firewall();
        t.lines.add("├── Firewall settings:");
        t.lines.add("|   └── Kill switch: " + (f.enabled() ? "on" : "OFF")
                + ", outbound subnets: " + list(f.outboundSubnets())
                + ", input ports: " + list(f.inputPorts()) + ", VPN input ports: " + list(f.vpnInputPorts()));
        PortForwardSettings pf = s.portForward();
        t.lines.add("├── Port forwarding settings:");
        if (!pf.enabled()) {
            t.lines.add("|   └── Port forwarding: off");
        } else {
            t.lines.add("|   ├── Provider: " + pf.provider() + ", lease " + GoDuration.format(pf.lifetime())
                    + ", status file " + pf.statusFile());
            // only whether they are set: a command line may carry a password (curl -u ...)
            t.lines.add("|   ├── Up command: " + (pf.upCommand().isEmpty() ? "[none]" : "[set]")
                    + ", down command: " + (pf.downCommand().isEmpty() ? "[none]" : "[set]"));
            t.lines.add("|   └── qBittorrent: " + pf.qbittorrentUrl().map(u -> u + ", user " + pf.qbittorrentUser()
                    + ", password " + pf.qbittorrentPassword()).orElse("[not synced]"));
        }
        DnsSettings d = s.dns();
        t.lines.add("├── DNS settings:");
        if (!d.enabled()) {
            t.lines.add("|   └── DNS server: OFF (names resolve as " + d.resolvConf() + " says, possibly outside the tunnel)");
        } else {
            t.lines.add("|   ├── DNS server: on, listening on " + d.address());
            t.lines.add("|   ├── Upstreams: " + (d.dot()
                    ? "DNS over TLS to " + list(d.dotServers()) + d.dotCaFile().map(p -> ", extra CAs from " + p).orElse("")
                    : "plain DNS to " + d.plainUpstreams().stream()
                            .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.joining(", ")))
                    + ", timeout " + GoDuration.format(d.upstreamTimeout()));
            t.lines.add("|   ├── Caching: " + (d.caching() ? "on, up to " + d.cacheSize() + " answers" : "off"));
            t.lines.add("|   └── " + d.resolvConf() + ": " + (d.keepNameserver() ? "kept as it is (DNS_KEEP_NAMESERVER=on)"
                    : "pointed at the DNS server, restored on exit"));
        }
        t.lines.addAll(sections);
        VpnSettings v = s.vpn();
        t.lines.add("└── VPN settings:");
        t.lines.add("    ├── Type: " + v.type().id() + ", provider: " + v.provider() + ", interface: " + v.iface()
                + ", ready timeout: " + GoDuration.format(s.vpnReadyTimeout()));
        if (v.type() == VpnType.OPENVPN) {
            OpenVpnSettings o = v.openvpn();
            t.lines.add("    └── OpenVPN settings:");
            t.lines.add("        ├── Custom config: " + o.customConfig().map(Object::toString).orElse("[not set]"));
            t.lines.add("        ├── User: " + (o.user().isEmpty() ? "[not set]" : o.user()) + ", password: " + o.password());
            String protocol = ovpnProtocol
                    .map(p -> p.id() + " (the .ovpn's remote/proto line; OPENVPN_PROTOCOL=" + o.protocol().id()
                            + " applies to a servers file)")
                    .orElse(o.protocol().id());
            t.lines.add("        ├── Protocol: " + protocol + ", endpoint port: " + port(o.endpointPort()));
            t.lines.add("        ├── Ciphers: " + (o.ciphers().isEmpty() ? "[the file's]" : String.join(", ", o.ciphers()))
                    + ", auth: " + (o.auth().isEmpty() ? "[the file's]" : o.auth()));
            t.lines.add("        └── MSS fix: " + o.mssfix() + ", verbosity: " + o.verbosity()
                    + ", flags: " + (o.flags().isEmpty() ? "[none]" : String.join(" ", o.flags())));
        } else {
            WireGuardSettings w = v.wireguard();
            t.lines.add("    └── WireGuard settings:");
            t.lines.add("        ├── Private key: " + w.privateKey() + ", preshared key: " + w.presharedKey());
            t.lines.add("        ├── Server public key: " + w.publicKey().orElse("[not set]"));
            t.lines.add("        ├── Addresses: " + String.join(", ", w.addresses())
                    + (w.splitTunnel() ? "; through the tunnel only: " + String.join(", ", w.allowedIps()) : ""));
            t.lines.add("        ├── Endpoint: " + w.endpointIp().orElse("[not set]") + ":" + port(w.endpointPort()));
            t.lines.add("        └── MTU: " + w.mtu() + ", keepalive: " + GoDuration.format(w.persistentKeepalive())
                    + ", implementation: " + w.implementation().name().toLowerCase(java.util.Locale.ROOT));
        }
        return t.lines;
    }

    private static String list(List<?> values) {
        return values.isEmpty() ? "[none]" : values.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    private static String filters(ServerSettings sv) {
        List<String> parts = new ArrayList<>();
        addFilter(parts, "regions", sv.regions());
        addFilter(parts, "countries", sv.countries());
        addFilter(parts, "cities", sv.cities());
        addFilter(parts, "hostnames", sv.hostnames());
        addFilter(parts, "names", sv.names());
        sv.required().stream().sorted().forEach(f -> parts.add(f.label()));
        return parts.isEmpty() ? "[none]" : String.join("; ", parts);
    }

    private static void addFilter(List<String> parts, String name, List<String> values) {
        if (!values.isEmpty()) {
            parts.add(name + " " + String.join(", ", values));
        }
    }

    private static String port(Optional<Integer> port) {
        return port.map(String::valueOf).orElse("[server's]");
    }
}
