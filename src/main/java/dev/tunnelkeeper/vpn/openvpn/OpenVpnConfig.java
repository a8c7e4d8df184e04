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
    private static final Set<String> KEEPALIVE = Set.of("ping", "ping-restart", "ping-exit", "keepalive");

    private OpenVpnConfig() {
    }

    /**
     * @param authFile the 0400 file with the user name and password, when OPENVPN_USER is set
     */
    public static String build(OpenVpnConfigFile file, Connection connection, String iface, OpenVpnSettings settings,
                               Optional<Path> authFile) {
        List<String> out = new ArrayList<>();
        for (OpenVpnConfigFile.Line line : file.lines()) {
            if (!dropped(line, settings, authFile.isPresent())) {
                out.add(line.text());
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
        if (file.options().stream().noneMatch(l -> KEEPALIVE.contains(l.keyword()))) {
            // Without pings a dead server is never noticed; a server's pushed keepalive still wins.
            out.add("ping 10");
            out.add("ping-restart 60");
        }
        return String.join("\n", out) + "\n";
    }

    private static boolean dropped(OpenVpnConfigFile.Line line, OpenVpnSettings settings, boolean ownAuth) {
        if (line.block().isPresent()) {
            String block = line.block().get();
            // <connection> blocks hold other servers; inline credentials give way to OPENVPN_USER/PASSWORD.
            return block.equals("connection") || ownAuth && block.equals("auth-user-pass");
        }
        String keyword = line.keyword();
        return REPLACED.contains(keyword) || REMOVED.contains(keyword)
                || ownAuth && keyword.equals("auth-user-pass")
                || settings.mssfix() > 0 && keyword.equals("mssfix")
                || isOurPullFilter(line);
    }

    private static boolean isOurPullFilter(OpenVpnConfigFile.Line line) {
        String t = line.text().strip().replaceAll("\\s+", " ");
        return t.equals("pull-filter ignore \"auth-token\"") || t.equals("pull-filter ignore \"route-ipv6\"")
                || t.equals("pull-filter ignore \"ifconfig-ipv6\"");
    }
}
