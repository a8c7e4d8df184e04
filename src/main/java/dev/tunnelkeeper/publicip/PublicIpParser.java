package dev.tunnelkeeper.publicip;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.regex.Pattern;

/**
 * Reads a lookup service's answer: JSON with "ip" (ipinfo.io's shape) or "public_ip" (gluetun's), with optional
 * country, region, city, hostname, loc/location, org/organization, postal/postal_code and timezone; or a bare address
 * as plain text (ifconfig.co style).
 */
public final class PublicIpParser {
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final int MAX_CHARS = 16 * 1024;

    private PublicIpParser() {
    }

    /** @throws IllegalArgumentException saying what the answer lacked */
    public static PublicIp parse(String body) {
        String text = body.strip();
        if (text.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the answer has " + text.length() + " characters; expected a small JSON object");
        }
        if (!text.startsWith("{")) {
            return new PublicIp(address(text), "", "", "", "", "", "", "", "");
        }
        JsonObject json;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            json = reader.readObject();
        } catch (JsonException e) {
            throw new IllegalArgumentException("the answer is not valid JSON: " + e.getMessage());
        }
        String ip = field(json, "ip", "public_ip");
        if (ip.isEmpty()) {
            throw new IllegalArgumentException("the answer has no \"ip\" (or \"public_ip\") field: " + abbreviate(text));
        }
        return new PublicIp(address(ip), field(json, "country"), field(json, "region"), field(json, "city"),
                field(json, "hostname"), field(json, "loc", "location"), field(json, "org", "organization"),
                field(json, "postal", "postal_code"), field(json, "timezone"));
    }

    private static String address(String text) {
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = text.contains(":") && IPV6.matcher(text).matches();
        if (!v4 && !v6) {
            throw new IllegalArgumentException("\"" + abbreviate(text) + "\" is not an IP address");
        }
        return text;
    }

    private static String field(JsonObject json, String... names) {
        for (String name : names) {
            JsonValue value = json.get(name);
            if (value instanceof JsonString s && !s.getString().isBlank()) {
                return s.getString().strip();
            }
        }
        return "";
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
