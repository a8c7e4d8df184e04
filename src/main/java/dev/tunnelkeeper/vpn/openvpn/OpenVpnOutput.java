package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.heal.LikelyCauses;
import dev.tunnelkeeper.vpn.process.OutputLine;
import dev.tunnelkeeper.vpn.process.OutputLine.Level;
import java.util.ArrayList;
import java.util.List;

/** Gives each line openvpn prints the level it deserves, and a hint where a known failure needs one. */
public final class OpenVpnOutput {
    private static final List<String> UNREACHABLE_HINT = unreachableHint();

    private OpenVpnOutput() {
    }

    public static OutputLine classify(String line) {
        if (line.contains("AUTH_FAILED")) {
            return new OutputLine(Level.ERROR, line, List.of(
                    "the VPN server refused the user name or password: check OPENVPN_USER and OPENVPN_PASSWORD"));
        }
        if (line.contains("Auth username")) { // "could not read Auth username from stdin"
            return new OutputLine(Level.ERROR, line, List.of(
                    "the configuration asks for a user name and password: set OPENVPN_USER and OPENVPN_PASSWORD"));
        }
        if (line.contains("TLS key negotiation failed") || line.contains("TLS handshake failed")) {
            return new OutputLine(Level.WARN, line, UNREACHABLE_HINT);
        }
        if (line.startsWith("ERROR: ")) {
            return OutputLine.of(Level.ERROR, line.substring("ERROR: ".length()));
        }
        if (line.startsWith("Options error:") || line.startsWith("Exiting due to fatal error")
                || line.contains("Cannot open TUN/TAP")) {
            return OutputLine.of(Level.ERROR, line);
        }
        if (line.startsWith("WARNING: ")) {
            return OutputLine.of(Level.WARN, line.substring("WARNING: ".length()));
        }
        if (line.startsWith("NOTE: ")) {
            return OutputLine.of(Level.INFO, line.substring("NOTE: ".length()));
        }
        if (line.startsWith("Note: ")) { // e.g. "--cipher is not set": harmless
            return OutputLine.of(Level.INFO, line);
        }
        if (line.startsWith("TLS Error:") || line.startsWith("SIGUSR1[") || line.contains("With Errors")
                || line.contains("failed")) {
            return OutputLine.of(Level.WARN, line);
        }
        return OutputLine.of(Level.INFO, line);
    }

    private static List<String> unreachableHint() {
        List<String> hint = new ArrayList<>();
        hint.add("the VPN server is unreachable or its address is invalid; likely causes, most likely first:");
        for (int i = 0; i < LikelyCauses.CAUSES.size(); i++) {
            hint.add("  " + (i + 1) + ") " + LikelyCauses.CAUSES.get(i));
        }
        return List.copyOf(hint);
    }
}
