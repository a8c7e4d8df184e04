package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.config.OpenVpnSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What makes openvpn refuse the user's file whatever the server, found by reading it: checked with the settings at
 * start (so the product stops with exit 2 before it touches the firewall or DNS, every problem in one round) and
 * again before each start of the client. openvpn's own option errors, read from its output, cover the rest.
 */
public final class OpenVpnFileCheck {
    // What lets openvpn check the server: a CA (file, directory, inline), a pinned fingerprint, or a PKCS#12 bundle.
    private static final Set<String> SERVER_CHECKS = Set.of("ca", "capath", "peer-fingerprint", "pkcs12");

    private OpenVpnFileCheck() {
    }

    /** The problems of {@code file} with these settings, one line each; empty when openvpn may accept it. */
    public static List<String> problems(OpenVpnConfigFile file, OpenVpnSettings openvpn) {
        List<String> problems = new ArrayList<>();
        String source = "OPENVPN_CUSTOM_CONFIG=\"" + file.path() + "\"";
        boolean checksServer = file.options().stream().anyMatch(l -> SERVER_CHECKS.contains(l.keyword()))
                || file.lines().stream().anyMatch(l -> l.block().filter(SERVER_CHECKS::contains).isPresent());
        if (!checksServer) {
            problems.add(source + ": no CA certificate to check the server with; valid: your provider's ca line or "
                    + "<ca>...</ca> block (or peer-fingerprint, or pkcs12)");
        }
        // A bare auth-user-pass (no file, no inline block) without OPENVPN_USER makes openvpn ask on a terminal it does
        // not have, and exit: the same at every attempt.
        if (openvpn.user().isEmpty()) {
            boolean inline = file.lines().stream().anyMatch(l -> l.block().filter("auth-user-pass"::equals).isPresent());
            for (int i = 0; i < file.lines().size() && !inline; i++) {
                OpenVpnConfigFile.Line line = file.lines().get(i);
                if (line.isOption() && line.keyword().equals("auth-user-pass") && line.arguments().isEmpty()) {
                    problems.add("OPENVPN_USER is not set, but " + source + " line " + (i + 1) + " (\"" + line.text().strip()
                            + "\") asks for a user name and password; valid: set OPENVPN_USER and OPENVPN_PASSWORD to "
                            + "your provider's service credentials");
                    break;
                }
            }
        }
        return problems;
    }
}
