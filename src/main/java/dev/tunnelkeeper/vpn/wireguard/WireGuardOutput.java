package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.process.OutputLine;
import dev.tunnelkeeper.process.OutputLine.Level;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wireguard-go prints {@code DEBUG: (wg0) 2026/11/24 08:13:57 message} and {@code ERROR: (wg0) ...}: the level
 * becomes ours, the interface and its timestamp are dropped (our log lines carry both).
 */
public final class WireGuardOutput {
    private static final Pattern PREFIXED =
            Pattern.compile("^(DEBUG|ERROR|INFO): \\([^)]*\\) (?:\\d{4}/\\d{2}/\\d{2} \\d{2}:\\d{2}:\\d{2} )?(.*)$");

    private WireGuardOutput() {
    }

    public static OutputLine classify(String line) {
        Matcher m = PREFIXED.matcher(line);
        if (!m.matches()) {
            return OutputLine.of(Level.INFO, line);
        }
        String text = m.group(2);
        return switch (m.group(1)) {
            case "ERROR" -> new OutputLine(Level.ERROR, text, hints(text));
            case "DEBUG" -> OutputLine.of(Level.DEBUG, text);
            default -> OutputLine.of(Level.INFO, text);
        };
    }

    private static List<String> hints(String text) {
        if (text.contains("in use") || text.contains("busy")) {
            return List.of("another WireGuard interface of that name exists (its control socket in /var/run/wireguard "
                    + "is shared by all network namespaces): set another VPN_INTERFACE");
        }
        return List.of();
    }
}
