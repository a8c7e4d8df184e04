package dev.tunnelkeeper.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A WireGuard configuration file as providers hand it out (wg-quick's format, gluetun's WIREGUARD_CONF_SECRETFILE):
 * {@code [Interface]} PrivateKey, Address, MTU, DNS and {@code [Peer]} PublicKey, PresharedKey, Endpoint, AllowedIPs,
 * PersistentKeepalive, read as the WIREGUARD_* settings they stand for. The values are checked where the settings are
 * (CoreSettingsParser); here only the shape. Keys are case-insensitive, {@code #} starts a comment.
 */
final class WireGuardConfFile {
    /** One value of the file, for the setting {@code env}, and where it stands ("[Peer] Endpoint"). */
    record Entry(String env, String text, String where) {
    }

    /** What the file gave: settings, and notes on what it says that is not used. */
    record Result(List<Entry> entries, List<String> warnings) {
    }

    private static final Map<String, String> INTERFACE = Map.of(
            "privatekey", "WIREGUARD_PRIVATE_KEY", "address", "WIREGUARD_ADDRESSES", "mtu", "WIREGUARD_MTU");
    private static final Map<String, String> PEER = Map.of(
            "publickey", "WIREGUARD_PUBLIC_KEY", "presharedkey", "WIREGUARD_PRESHARED_KEY",
            "persistentkeepalive", "WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL", "allowedips", "WIREGUARD_ALLOWED_IPS");

    private WireGuardConfFile() {
    }

    /** Reads {@code file}; a problem (unreadable, a line that is not {@code key = value}, a second peer) goes to {@code problems}. */
    static Result read(Path file, List<String> problems) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("WIREGUARD_CONF_SECRETFILE=\"" + file + "\": cannot be read (" + e.getMessage()
                    + "); valid: a WireGuard configuration file ([Interface] and [Peer] sections), or unset");
            return new Result(List.of(), List.of());
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> warnings = new java.util.ArrayList<>();
        String section = "";
        int peers = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            String at = file + " line " + (i + 1);
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT);
                if (section.equals("peer") && ++peers == 2) {
                    problems.add("WIREGUARD_CONF_SECRETFILE=\"" + file + "\": a second [Peer] at line " + (i + 1)
                            + "; valid: one [Peer], the VPN server");
                }
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                problems.add("WIREGUARD_CONF_SECRETFILE=\"" + file + "\": line " + (i + 1)
                        + " is not 'Key = value'; valid: a WireGuard configuration file ([Interface] and [Peer] sections)");
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            String where = "[" + (section.equals("peer") ? "Peer" : "Interface") + "] " + key + " of " + file;
            String lower = key.toLowerCase(Locale.ROOT);
            Map<String, String> known = section.equals("peer") ? PEER : INTERFACE;
            if (known.containsKey(lower)) {
                String env = known.get(lower);
                entries.put(env, new Entry(env, lower.equals("persistentkeepalive") ? keepalive(value) : value, where));
            } else if (section.equals("peer") && lower.equals("endpoint")) {
                int colon = value.lastIndexOf(':');
                entries.put("WIREGUARD_ENDPOINT_IP", new Entry("WIREGUARD_ENDPOINT_IP",
                        colon < 0 ? value : value.substring(0, colon), where));
                if (colon >= 0) {
                    entries.put("WIREGUARD_ENDPOINT_PORT", new Entry("WIREGUARD_ENDPOINT_PORT", value.substring(colon + 1), where));
                }
            } else if (section.equals("interface") && lower.equals("dns")) {
                warnings.add(at + ": DNS = " + value + " is not used: set DNS_ADDRESS=" + value.split(",")[0].strip()
                        + " to ask that server through the tunnel");
            } else {
                warnings.add(at + ": " + key + " is not used here");
            }
        }
        return new Result(List.copyOf(entries.values()), warnings);
    }

    // wg-quick writes seconds as a bare number; the setting is a duration. "off" is 0.
    private static String keepalive(String value) {
        if (value.equalsIgnoreCase("off")) {
            return "0s";
        }
        return value.matches("\\d+") ? value + "s" : value;
    }
}
