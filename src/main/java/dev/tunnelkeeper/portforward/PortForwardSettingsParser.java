package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
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
        SettingsReader r = new SettingsReader(settings, problems);
        boolean enabled = r.bool("VPN_PORT_FORWARDING", false);
        String provider = enabled ? provider(r, settings.apply("VPN_PORT_FORWARDING_PROVIDER"),
                settings.apply("VPN_SERVICE_PROVIDER")) : "";
        return new PortForwardSettings(enabled, provider,
                r.fileToWrite("VPN_PORT_FORWARDING_STATUS_FILE", DEFAULT_STATUS_FILE,
                        "the path of a file to write the forwarded port to, such as " + DEFAULT_STATUS_FILE),
                command(r, "VPN_PORT_FORWARDING_UP_COMMAND"),
                command(r, "VPN_PORT_FORWARDING_DOWN_COMMAND"),
                r.read("VPN_PORT_FORWARDING_LIFETIME", Duration.ofSeconds(60), "a duration from 2s to 24h, such as 60s", text -> {
                    Duration d = GoDuration.parse(text.strip());
                    if (d.compareTo(MIN_LIFETIME) < 0 || d.compareTo(MAX_LIFETIME) > 0 || d.toMillis() % 1000 != 0) {
                        throw new IllegalArgumentException("out of range or not whole seconds");
                    }
                    return d;
                }),
                r.httpUrl("VPN_PORT_FORWARDING_QBITTORRENT_URL",
                        "empty (off), or qBittorrent's WebUI address such as http://127.0.0.1:8080"),
                r.value("VPN_PORT_FORWARDING_QBITTORRENT_USER").text().strip(),
                r.secret("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD"));
    }

    // gluetun: the forwarding provider defaults to the VPN provider; the custom provider must name one.
    private static String provider(SettingsReader r, RawSettings.Value pf, RawSettings.Value service) {
        RawSettings.Value source = pf.isSet() ? pf : service;
        String name = source.text().strip().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "protonvpn", "natpmp" -> name;
            case "custom" -> {
                r.problem(pf, "with VPN_SERVICE_PROVIDER=custom, VPN_PORT_FORWARDING=on needs the forwarding provider named",
                        VALID_PROVIDERS);
                yield "";
            }
            case "private internet access", "perfect privacy", "privatevpn" -> {
                r.problem(source, "port forwarding with " + name + " is not supported here (it is not NAT-PMP)", VALID_PROVIDERS);
                yield "";
            }
            default -> {
                r.problem(source, "no port forwarding for this provider", VALID_PROVIDERS);
                yield "";
            }
        };
    }

    private static String command(SettingsReader r, String env) {
        return r.read(env, "", "a program and its arguments, quoted with ' or \" where they hold spaces, with {{PORTS}}, "
                + "{{PORT}} and {{VPN_INTERFACE}} replaced (no shell runs it)", text -> {
                    CommandLine.split(text);
                    return text.strip();
                });
    }
}
