package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.VpnType;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of a servers file to a {@link Server}, reporting every bad field as {@code servers[i].field}.
 * Fields gluetun has and we do not use (isp, number, x509, ...) are ignored, so gluetun's own file loads; its
 * feature booleans (free, owned, stream, ...) are read for the *_ONLY filters.
 */
final class ServerJson {
    private final int index;
    private final JsonObject json;
    private final Problems problems;

    private ServerJson(int index, JsonObject json, Problems problems) {
        this.index = index;
        this.json = json;
        this.problems = problems;
    }

    /** The server, or empty when the entry has problems (all of them added to {@code problems}). */
    static Optional<Server> parse(int index, JsonValue value, Problems problems) {
        if (!(value instanceof JsonObject object)) {
            problems.add("servers[" + index + "]", shown(value) + " is not an object",
                    "an object such as {\"vpn\": \"openvpn\", \"server_name\": \"se-1\", \"ips\": [\"203.0.113.7\"], \"udp\": true}");
            return Optional.empty();
        }
        return new ServerJson(index, object, problems).build();
    }

    private Optional<Server> build() {
        int before = problems.count();
        Optional<VpnType> vpn = vpn();
        int beforeFlags = problems.count();
        boolean tcp = flag("tcp");
        boolean udp = flag("udp");
        boolean flagsRead = problems.count() == beforeFlags;
        Server server = new Server(index, vpn.orElse(VpnType.OPENVPN),
                text("country"), text("region"), text("city"), text("hostname"), text("server_name"),
                ips(), tcp, udp, wgPubKey(), port(), features());
        // A flag that could not be read is already reported.
        if (vpn.orElse(null) == VpnType.OPENVPN && flagsRead && !tcp && !udp) {
            problems.add(at(), "an openvpn server with neither \"tcp\" nor \"udp\" set to true",
                    "\"udp\": true and/or \"tcp\": true, the transports it serves");
        }
        return problems.count() == before ? Optional.of(server) : Optional.empty();
    }

    /** The gluetun booleans the *_ONLY filters look at; one that is not a boolean is a problem like tcp's. */
    private java.util.Set<dev.tunnelkeeper.config.ServerFeature> features() {
        java.util.Set<dev.tunnelkeeper.config.ServerFeature> out = java.util.EnumSet.noneOf(dev.tunnelkeeper.config.ServerFeature.class);
        for (dev.tunnelkeeper.config.ServerFeature feature : dev.tunnelkeeper.config.ServerFeature.values()) {
            for (String field : feature.fields()) {
                if (flag(field)) {
                    out.add(feature);
                }
            }
        }
        return out;
    }

    private Optional<VpnType> vpn() {
        String valid = "\"openvpn\" or \"wireguard\"";
        JsonValue value = json.get("vpn");
        if (absent(value)) {
            problems.add(at("vpn"), "missing", valid);
            return Optional.empty();
        }
        if (value instanceof JsonString s) {
            for (VpnType type : VpnType.values()) {
                if (type.id().equals(s.getString().strip().toLowerCase(Locale.ROOT))) {
                    return Optional.of(type);
                }
            }
        }
        problems.add(at("vpn"), shown(value) + " is not a VPN type", valid);
        return Optional.empty();
    }

    private String text(String field) {
        JsonValue value = json.get(field);
        if (absent(value)) {
            return "";
        }
        if (value instanceof JsonString s) {
            return s.getString().strip();
        }
        problems.add(at(field), shown(value) + " is not a string", "a string, or leave the field out");
        return "";
    }

    private boolean flag(String field) {
        JsonValue value = json.get(field);
        if (absent(value) || value == JsonValue.FALSE) {
            return false;
        }
        if (value == JsonValue.TRUE) {
            return true;
        }
        problems.add(at(field), shown(value) + " is not a boolean", "true or false (without quotes)");
        return false;
    }

    private List<String> ips() {
        String valid = "a list of IP addresses such as [\"203.0.113.7\", \"203.0.113.8\"]";
        JsonValue value = json.get("ips");
        if (absent(value)) {
            problems.add(at("ips"), "missing", valid);
            return List.of();
        }
        if (!(value instanceof JsonArray array)) {
            problems.add(at("ips"), shown(value) + " is not a list", valid);
            return List.of();
        }
        if (array.isEmpty()) {
            problems.add(at("ips"), "empty", valid);
            return List.of();
        }
        List<String> ips = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonValue item = array.get(i);
            if (item instanceof JsonString s && IpAddresses.isIp(s.getString().strip())) {
                ips.add(s.getString().strip());
            } else {
                problems.add(at("ips[" + i + "]"), shown(item) + " is not an IP address", "an IPv4 or IPv6 address such as \"203.0.113.7\"");
            }
        }
        return ips;
    }

    private Optional<String> wgPubKey() {
        JsonValue value = json.get("wgpubkey");
        if (absent(value) || value instanceof JsonString s && s.getString().isBlank()) {
            return Optional.empty();
        }
        if (value instanceof JsonString s && isWireGuardKey(s.getString().strip())) {
            return Optional.of(s.getString().strip());
        }
        problems.add(at("wgpubkey"), shown(value) + " is not a WireGuard public key",
                "32 bytes in base64 (44 characters ending in '='), as printed by wg pubkey");
        return Optional.empty();
    }

    private Optional<Integer> port() {
        JsonValue value = json.get("port");
        if (absent(value)) {
            return Optional.empty();
        }
        if (value instanceof JsonNumber n && n.isIntegral() && n.longValue() >= 1 && n.longValue() <= 65535) {
            return Optional.of(n.intValue());
        }
        problems.add(at("port"), shown(value) + " is not a port", "a whole number from 1 to 65535, or leave it out for the provider's default port");
        return Optional.empty();
    }

    private String at() {
        return "servers[" + index + "]";
    }

    private String at(String field) {
        return at() + "." + field;
    }

    private static boolean absent(JsonValue value) {
        return value == null || value == JsonValue.NULL;
    }

    private static boolean isWireGuardKey(String text) {
        try {
            return Base64.getDecoder().decode(text).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The value as JSON text ("1.2.3" with its quotes, 12, true), shortened so one line stays one line. */
    static String shown(JsonValue value) {
        String text = String.valueOf(value);
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
