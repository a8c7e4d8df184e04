package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Connection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration openvpn runs with: the user's file with its server lines replaced by the chosen connection,
 * plus the options gluetun always sets, plus ours. Pure: text in, text out.
 */
public final class OpenVpnConfig {
    /** Replaced by ours, so the same file serves every server and our options are not contradicted. */
    private static final Set<String> REPLACED = Set.of(
            "remote", "remote-random", "proto", "port", "rport", "dev",
            "persist-tun", "mute-replay-warnings", "auth-nocache", "auth-retry", "suppress-timestamps", "verb",
            "tun-ipv6");
    /**
     * Would hide openvpn's output from us (daemon, log, syslog) or keep it from removing its routes and
     * interface on exit (user, group, chroot drop the privileges it needs for that).
     */
    private static final Set<String> REMOVED = Set.of("daemon", "log", "log-append", "syslog", "user", "group", "chroot");
    /** Replaced by OPENVPN_CIPHERS when it is set. */
    private static final Set<String> CIPHERS = Set.of("cipher", "ncp-ciphers", "data-ciphers", "data-ciphers-fallback");
    private static final Set<String> KEEPALIVE = Set.of("ping", "ping-restart", "ping-exit", "keepalive");
    /**
     * Cannot work in a Linux container, and some stop openvpn 2.6 outright (block-outside-dns: "Unrecognized option"):
     * Windows-only options, and scripts (up/down and friends), which would run programs that are not in the image
     * and would change the DNS or routes behind tunnelkeeper's back. Dropped with a warning, as gluetun does.
     */
    static final Set<String> UNUSABLE_IN_CONTAINER = Set.of(
            "block-outside-dns", "register-dns", "ip-win32", "route-method", "dhcp-release", "dhcp-renew",
            "tap-sleep", "show-net-up", "win-sys", "service", "dhcp-pre-release", "windows-driver",
            "script-security", "up", "down", "down-pre", "route-up", "route-pre-down", "ipchange", "tls-verify",
            "plugin", "learn-address", "client-connect", "client-disconnect", "auth-user-pass-verify");

    /** One line of the built configuration and the line of the user's file it comes from (0: added by us). */
    public record Built(List<String> lines, List<Integer> origins) {
        public String text() {
            return String.join("\n", lines) + "\n";
        }

        /** The user's line number behind line {@code n} (1-based) of the built file; 0 when we added it. */
        public int origin(int n) {
            return n >= 1 && n <= origins.size() ? origins.get(n - 1) : 0;
        }
    }

    /** An option line of the user's file that {@link #build} leaves out because it cannot work here. */
    public record Dropped(int lineNumber, String text, String why) {
    }

    private OpenVpnConfig() {
    }

    /**
     * @param authFile the 0400 file with the user name and password, when OPENVPN_USER is set
     */
    public static String build(OpenVpnConfigFile file, Connection connection, String iface, OpenVpnSettings settings,
                               Optional<Path> authFile) {
        return buildWithOrigins(file, connection, iface, settings, authFile).text();
    }

    /** The same, with where each line comes from, so openvpn's "file:line" can be turned into the user's line. */
    public static Built buildWithOrigins(OpenVpnConfigFile file, Connection connection, String iface,
                                         OpenVpnSettings settings, Optional<Path> authFile) {
        List<String> out = new ArrayList<>();
        List<Integer> origins = new ArrayList<>();
        for (int i = 0; i < file.lines().size(); i++) {
            OpenVpnConfigFile.Line line = file.lines().get(i);
            if (!dropped(line, settings, authFile.isPresent())) {
                out.add(line.text());
                origins.add(i + 1);
            }
        }
        out.add("# added by tunnelkeeper");
        out.add("proto " + (connection.endpoint().protocol() == Protocol.TCP ? "tcp-client" : "udp"));
        out.add("remote " + connection.endpoint().ip() + " " + connection.endpoint().port());
        out.add("dev " + iface);
        if (!file.hasOption("dev-type")) {
            out.add("dev-type tun"); // openvpn guesses the type from the name, which fails for names like "vpn0"
        }
        // Keeps the interface and its routes across openvpn's internal restarts: traffic stays in the dead
        // tunnel instead of leaking out of the default route, even with the kill switch off. The client ends
        // openvpn on such a restart anyway, and the supervisor reconnects.
        out.add("persist-tun");
        out.add("mute-replay-warnings");
        out.add("auth-nocache");
        out.add("pull-filter ignore \"auth-token\""); // a pushed token would replace the password: AUTH_FAILED loops
        out.add("auth-retry nointeract");
        out.add("suppress-timestamps"); // our log lines carry the time
        // tunnelkeeper routes and filters IPv4 only: an IPv6 route would bypass the tunnel or fail in an IPv6-less netns.
        out.add("pull-filter ignore \"route-ipv6\"");
        out.add("pull-filter ignore \"ifconfig-ipv6\"");
        out.add("verb " + settings.verbosity());
        authFile.ifPresent(path -> out.add("auth-user-pass " + path));
        if (settings.mssfix() > 0) {
            out.add("mssfix " + settings.mssfix());
        }
        if (!settings.ciphers().isEmpty()) {
            // As gluetun writes them for openvpn 2.5 and later: the first also for servers that do not negotiate.
            out.add("data-ciphers-fallback " + settings.ciphers().get(0));
            out.add("data-ciphers " + String.join(":", settings.ciphers()));
        }
        if (!settings.auth().isEmpty()) {
            out.add("auth " + settings.auth());
        }
        if (file.options().stream().noneMatch(l -> KEEPALIVE.contains(l.keyword()))) {
            // Without pings a dead server is never noticed; a server's pushed keepalive still wins.
            out.add("ping 10");
            out.add("ping-restart 60");
        }
        while (origins.size() < out.size()) {
            origins.add(0);
        }
        return new Built(out, origins);
    }

    /** The options of the user's file that cannot work in a container, each with its line, to warn about once. */
    public static List<Dropped> unusable(OpenVpnConfigFile file) {
        List<Dropped> out = new ArrayList<>();
        for (int i = 0; i < file.lines().size(); i++) {
            OpenVpnConfigFile.Line line = file.lines().get(i);
            if (line.block().isEmpty() && UNUSABLE_IN_CONTAINER.contains(line.keyword())) {
                out.add(new Dropped(i + 1, line.text().strip(), SCRIPTS.contains(line.keyword())
                        ? "scripts do not run here: tunnelkeeper sets up DNS and routes itself"
                        : "a Windows-only option, which openvpn on Linux refuses or ignores"));
            }
        }
        return out;
    }

    private static final Set<String> SCRIPTS = Set.of("script-security", "up", "down", "down-pre", "route-up",
            "route-pre-down", "ipchange", "tls-verify", "plugin", "learn-address", "client-connect", "client-disconnect",
            "auth-user-pass-verify");

    private static boolean dropped(OpenVpnConfigFile.Line line, OpenVpnSettings settings, boolean ownAuth) {
        if (line.block().isPresent()) {
            String block = line.block().get();
            // <connection> blocks hold other servers; inline credentials give way to OPENVPN_USER/PASSWORD.
            return block.equals("connection") || ownAuth && block.equals("auth-user-pass");
        }
        String keyword = line.keyword();
        return REPLACED.contains(keyword) || REMOVED.contains(keyword) || UNUSABLE_IN_CONTAINER.contains(keyword)
                || ownAuth && keyword.equals("auth-user-pass")
                || settings.mssfix() > 0 && keyword.equals("mssfix")
                || !settings.ciphers().isEmpty() && CIPHERS.contains(keyword)
                || !settings.auth().isEmpty() && keyword.equals("auth")
                || isOurPullFilter(line);
    }

    private static boolean isOurPullFilter(OpenVpnConfigFile.Line line) {
        String t = line.text().strip().replaceAll("\\s+", " ");
        return t.equals("pull-filter ignore \"auth-token\"") || t.equals("pull-filter ignore \"route-ipv6\"")
                || t.equals("pull-filter ignore \"ifconfig-ipv6\"");
    }
}
