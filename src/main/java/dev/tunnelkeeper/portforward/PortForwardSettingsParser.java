package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Reads the VPN_PORT_FORWARDING* settings, one problem line per mistake, naming the variable and what is valid. */
public final class PortForwardSettingsParser {
    /** gluetun's default path, so scripts written for gluetun find the port where they look. */
    public static final Path DEFAULT_STATUS_FILE = Path.of("/tmp/gluetun/forwarded_port");
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(2);
    public static final Duration MAX_LIFETIME = Duration.ofHours(24);
    static final String VALID_PROVIDERS = "protonvpn, or natpmp for any gateway that speaks NAT-PMP (RFC 6886) on the tunnel";

    private PortForwardSettingsParser() {
    }

    public static PortForwardSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        RawSettings.Value enabledValue = settings.apply("VPN_PORT_FORWARDING");
        boolean enabled = bool(enabledValue, problems);
        String provider = enabled ? provider(settings.apply("VPN_PORT_FORWARDING_PROVIDER"),
                settings.apply("VPN_SERVICE_PROVIDER"), problems) : "";
        return new PortForwardSettings(enabled, provider,
                file(settings.apply("VPN_PORT_FORWARDING_STATUS_FILE"), problems),
                command(settings.apply("VPN_PORT_FORWARDING_UP_COMMAND"), problems),
                command(settings.apply("VPN_PORT_FORWARDING_DOWN_COMMAND"), problems),
                lifetime(settings.apply("VPN_PORT_FORWARDING_LIFETIME"), problems),
                url(settings.apply("VPN_PORT_FORWARDING_QBITTORRENT_URL"), problems),
                settings.apply("VPN_PORT_FORWARDING_QBITTORRENT_USER").text().strip(),
                new Secret(settings.apply("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD").text()));
    }

    private static boolean bool(RawSettings.Value v, List<String> problems) {
        return v.bool(false, problems);
    }

    // gluetun: the forwarding provider defaults to the VPN provider; the custom provider must name one.
    private static String provider(RawSettings.Value pf, RawSettings.Value service, List<String> problems) {
        RawSettings.Value source = pf.isSet() ? pf : service;
        String name = source.text().strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "protonvpn", "natpmp" -> name;
            case "custom" -> {
                problems.add(pf.describe() + ": with VPN_SERVICE_PROVIDER=custom, VPN_PORT_FORWARDING=on needs the "
                        + "forwarding provider named; valid: " + VALID_PROVIDERS);
                yield "";
            }
            case "private internet access", "perfect privacy", "privatevpn" -> {
                problems.add(source.describe() + ": port forwarding with " + name + " is not supported here (it is "
                        + "not NAT-PMP); valid: " + VALID_PROVIDERS);
                yield "";
            }
            default -> {
                problems.add(source.describe() + ": no port forwarding for this provider; valid: " + VALID_PROVIDERS);
                yield "";
            }
        };
    }

    private static Path file(RawSettings.Value v, List<String> problems) {
        String valid = "the path of a file to write the forwarded port to, such as " + DEFAULT_STATUS_FILE;
        try {
            Path path = Path.of(v.text().strip());
            if (v.text().isBlank() || Files.isDirectory(path)) {
                problems.add(v.describe() + ": " + (v.text().isBlank() ? "empty" : "a directory") + "; valid: " + valid);
                return DEFAULT_STATUS_FILE;
            }
            return path;
        } catch (InvalidPathException e) {
            problems.add(v.describe() + ": " + e.getReason() + "; valid: " + valid);
            return DEFAULT_STATUS_FILE;
        }
    }

    private static String command(RawSettings.Value v, List<String> problems) {
        try {
            CommandLine.split(v.text());
            return v.text().strip();
        } catch (IllegalArgumentException e) {
            problems.add(v.describe() + ": " + e.getMessage() + "; valid: a program and its arguments, quoted with ' or \" "
                    + "where they hold spaces, with {{PORTS}}, {{PORT}} and {{VPN_INTERFACE}} replaced (no shell runs it)");
            return "";
        }
    }

    private static Duration lifetime(RawSettings.Value v, List<String> problems) {
        String valid = "a duration from 2s to 24h, such as 60s";
        try {
            Duration d = GoDuration.parse(v.text().strip());
            if (d.compareTo(MIN_LIFETIME) < 0 || d.compareTo(MAX_LIFETIME) > 0 || d.toMillis() % 1000 != 0) {
                problems.add(v.describe() + ": out of range or not whole seconds; valid: " + valid);
                return Duration.ofSeconds(60);
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(v.describe() + ": " + e.getMessage() + "; valid: " + valid);
            return Duration.ofSeconds(60);
        }
    }

    private static Optional<URI> url(RawSettings.Value v, List<String> problems) {
        if (!v.isSet()) {
            return Optional.empty();
        }
        String valid = "empty (off), or qBittorrent's WebUI address such as http://127.0.0.1:8080";
        try {
            URI uri = new URI(v.text().strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add(v.describe() + ": not an http(s) URL with a host; valid: " + valid);
                return Optional.empty();
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            problems.add(v.describe() + ": " + e.getReason() + "; valid: " + valid);
            return Optional.empty();
        }
    }
}
