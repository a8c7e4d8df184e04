package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** Reads PUBLICIP_ENABLED, PUBLICIP_API_URL, PUBLICIP_FILE and PUBLICIP_API_TOKEN, one problem line per mistake. */
public final class PublicIpSettingsParser {
    public static final List<String> ENV_NAMES = List.of("PUBLICIP_ENABLED", "PUBLICIP_API_URL", "PUBLICIP_FILE",
            "PUBLICIP_API_TOKEN");
    public static final URI DEFAULT_URL = URI.create("https://ipinfo.io/json");
    /** gluetun writes /tmp/gluetun/ip; ours is named after us, so both can run side by side. */
    public static final Path DEFAULT_FILE = Path.of("/tmp/tunnelkeeper/ip");

    private PublicIpSettingsParser() {
    }

    public static PublicIpSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        return new PublicIpSettings(
                enabled(settings.apply("PUBLICIP_ENABLED"), problems),
                url(settings.apply("PUBLICIP_API_URL"), problems),
                file(settings.apply("PUBLICIP_FILE"), problems),
                new Secret(settings.apply("PUBLICIP_API_TOKEN").text().strip()));
    }

    private static boolean enabled(RawSettings.Value v, List<String> problems) {
        return v.bool(true, problems);
    }

    private static URI url(RawSettings.Value v, List<String> problems) {
        String valid = "an http or https URL answering JSON with \"ip\", such as " + DEFAULT_URL;
        try {
            URI uri = new URI(v.text().strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                problems.add(v.describe() + ": not an http(s) URL with a host; valid: " + valid);
                return DEFAULT_URL;
            }
            return uri;
        } catch (URISyntaxException e) {
            problems.add(v.describe() + ": " + e.getReason() + "; valid: " + valid);
            return DEFAULT_URL;
        }
    }

    private static Path file(RawSettings.Value v, List<String> problems) {
        try {
            Path path = Path.of(v.text().strip());
            if (v.text().isBlank() || Files.isDirectory(path)) {
                problems.add(v.describe() + ": " + (v.text().isBlank() ? "empty" : "a directory")
                        + "; valid: the path of a file to write the address to, such as " + DEFAULT_FILE);
                return DEFAULT_FILE;
            }
            return path;
        } catch (InvalidPathException e) {
            problems.add(v.describe() + ": " + e.getReason() + "; valid: a file path such as " + DEFAULT_FILE);
            return DEFAULT_FILE;
        }
    }
}
