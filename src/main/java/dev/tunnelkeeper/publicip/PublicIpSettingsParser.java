package dev.tunnelkeeper.publicip;

import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.SettingsReader;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** Reads PUBLICIP_ENABLED, PUBLICIP_API_URL, PUBLICIP_FILE and PUBLICIP_API_TOKEN, one problem line per mistake. */
public final class PublicIpSettingsParser {
    public static final URI DEFAULT_URL = URI.create("https://ipinfo.io/json");
    /** gluetun writes /tmp/gluetun/ip; ours is named after us, so both can run side by side. */
    public static final Path DEFAULT_FILE = Path.of("/tmp/tunnelkeeper/ip");

    private PublicIpSettingsParser() {
    }

    public static PublicIpSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        SettingsReader r = new SettingsReader(settings, problems);
        return new PublicIpSettings(
                r.bool("PUBLICIP_ENABLED", true),
                r.httpUrl("PUBLICIP_API_URL", "an http or https URL answering JSON with \"ip\", such as " + DEFAULT_URL)
                        .orElse(DEFAULT_URL),
                r.fileToWrite("PUBLICIP_FILE", DEFAULT_FILE, "the path of a file to write the address to, such as " + DEFAULT_FILE),
                new Secret(r.value("PUBLICIP_API_TOKEN").text().strip()));
    }
}
