package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.heal.LikelyCauses;
import dev.tunnelkeeper.process.OutputLine;
import dev.tunnelkeeper.process.OutputLine.Level;
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
        if (line.contains("ca md too weak") || line.contains("ee key too small") || line.contains("ca key too small")) {
            return new OutputLine(Level.ERROR, line, List.of("the provider's certificate is signed with a digest or key "
                    + "OpenSSL 3 refuses as too weak: use the provider's current .ovpn file, or add tls-cipher "
                    + "\"DEFAULT:@SECLEVEL=0\" to OPENVPN_CUSTOM_CONFIG (weaker security)"));
        }
        if (isCause(line)) {
            return OutputLine.of(Level.ERROR, line);
        }
        if (line.startsWith("ERROR: ")) {
            return OutputLine.of(Level.ERROR, line.substring("ERROR: ".length()));
        }
        if (line.startsWith("Options error:") && OptionErrors.isPushed(line)) {
            return new OutputLine(Level.WARN, line, List.of("an option the server pushed that openvpn on Linux does not "
                    + "take; openvpn ignores it and goes on"));
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

    /**
     * The lines openvpn prints just before "Exiting due to fatal error", which say why: they are the error, the exit
     * line only its consequence.
     */
    static boolean isCause(String line) {
        return line.startsWith("OpenSSL: error") || line.startsWith("Cannot load") || line.startsWith("Cannot open")
                || line.startsWith("Cannot pre-load") || line.startsWith("Error: ") || line.startsWith("Error opening")
                || line.contains("can't ask for") || CIPHER_NOT_SUPPORTED.matcher(line).find()
                || line.startsWith("Unsupported cipher")
                || !line.startsWith("WARNING") && line.contains("No such file or directory");
    }

    private static final java.util.regex.Pattern CIPHER_NOT_SUPPORTED = java.util.regex.Pattern.compile("^Cipher \\S+ not supported");

    private static List<String> unreachableHint() {
        List<String> hint = new ArrayList<>();
        hint.add("the VPN server is unreachable or its address is invalid; likely causes, most likely first:");
        for (int i = 0; i < LikelyCauses.CAUSES.size(); i++) {
            hint.add("  " + (i + 1) + ") " + LikelyCauses.CAUSES.get(i));
        }
        return List.copyOf(hint);
    }
}
