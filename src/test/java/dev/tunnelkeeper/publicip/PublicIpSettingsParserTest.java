package dev.tunnelkeeper.publicip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.SettingSpec;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublicIpSettingsParserTest {
    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private PublicIpSettings parse() {
        return PublicIpSettingsParser.parse(name -> {
            String def = switch (name) {
                case "PUBLICIP_ENABLED" -> "on";
                case "PUBLICIP_API_URL" -> "https://ipinfo.io/json";
                case "PUBLICIP_FILE" -> "/tmp/tunnelkeeper/ip";
                default -> "";
            };
            SettingSpec spec = new SettingSpec(name, "publicip." + name.toLowerCase(), def, name.endsWith("TOKEN"), "");
            return env.containsKey(name) ? new RawSettings.Value(spec, env.get(name), "env")
                    : new RawSettings.Value(spec, def, "default");
        }, problems);
    }

    @Test
    void defaults() {
        assertEquals(new PublicIpSettings(true, URI.create("https://ipinfo.io/json"), Path.of("/tmp/tunnelkeeper/ip"), Secret.NONE),
                parse());
        assertEquals(List.of(), problems);
    }

    @Test
    void offAndOwnValues() {
        env.put("PUBLICIP_ENABLED", "off");
        env.put("PUBLICIP_API_URL", "http://172.16.99.1:80/");
        env.put("PUBLICIP_FILE", "/run/ip");
        env.put("PUBLICIP_API_TOKEN", "tok");
        PublicIpSettings s = parse();
        assertFalse(s.enabled());
        assertEquals(URI.create("http://172.16.99.1:80/"), s.apiUrl());
        assertEquals(Path.of("/run/ip"), s.file());
        assertEquals("tok", s.apiToken().value());
        assertEquals(List.of(), problems);
    }

    @Test
    void mistakesAreOneLineEach(@TempDir Path dir) {
        env.put("PUBLICIP_ENABLED", "sometimes");
        env.put("PUBLICIP_API_URL", "ftp://example.com/ip");
        env.put("PUBLICIP_FILE", dir.toString());
        parse();
        assertEquals(List.of(
                "PUBLICIP_ENABLED=\"sometimes\": not a boolean; valid: on, off, yes, no, true or false",
                "PUBLICIP_API_URL=\"ftp://example.com/ip\": not an http(s) URL with a host; valid: an http or https URL answering JSON with \"ip\", such as https://ipinfo.io/json",
                "PUBLICIP_FILE=\"" + dir + "\": a directory; valid: the path of a file to write the address to, such as /tmp/tunnelkeeper/ip"),
                problems);
    }
}
