package dev.tunnelkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed readers: the value or, for a bad one, the fallback and one line naming the value and what is valid. */
class SettingsReaderTest {
    @TempDir
    Path dir;

    private final List<String> problems = new ArrayList<>();

    private SettingsReader reader(Map<String, String> env) {
        return new SettingsReader(name -> {
            SettingSpec spec = new SettingSpec(name, "x." + name.toLowerCase(), "", name.startsWith("SECRET"), "");
            return env.containsKey(name) ? new RawSettings.Value(spec, env.get(name), "env") : new RawSettings.Value(spec, "", "default");
        }, problems);
    }

    @Test
    void goodValues() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        SettingsReader r = reader(Map.ofEntries(Map.entry("B", " Yes "), Map.entry("D", "1m30s"), Map.entry("I", " 7 "),
                Map.entry("P", "443"), Map.entry("PS", "80, 443,80"), Map.entry("HP", ":9999"), Map.entry("L", " a, ,b "),
                Map.entry("W", " -a  -b "), Map.entry("F", file.toString()), Map.entry("U", "https://example.com/ip")));
        assertEquals(true, r.bool("B", false));
        assertEquals(Duration.ofSeconds(90), r.positiveDuration("D", Duration.ZERO, "v"));
        assertEquals(7, r.integer("I", 0, 1, 10));
        assertEquals(Optional.of(443), r.optionalPort("P"));
        assertEquals(Optional.empty(), r.optionalPort("UNSET"));
        assertEquals(List.of(80, 443), r.ports("PS", "v"));
        assertEquals(new HostPort("", 9999), r.hostPort("HP", 0, null, "v"));
        assertEquals(List.of("a", "b"), r.list("L"));
        assertEquals(List.of("-a", "-b"), r.words("W"));
        assertEquals(Optional.of(file), r.readableFile("F", "v"));
        assertEquals(Optional.of(URI.create("https://example.com/ip")), r.httpUrl("U", "v"));
        assertEquals(List.of(), problems);
    }

    @Test
    void badValuesAreOneLineEachAndTheFallbackIsUsed() {
        SettingsReader r = reader(Map.of("B", "maybe", "D", "0", "R", "2s", "I", "x", "P", "0", "C", "sctp", "F", "/nonexistent",
                "U", "ftp://example.com", "SECRET_D", "hunter2", "PS", "80,http"));
        assertEquals(false, r.bool("B", false));
        assertEquals(Duration.ofSeconds(6), r.positiveDuration("D", Duration.ofSeconds(6), "a duration greater than 0"));
        assertEquals(Duration.ofMillis(50), r.duration("R", Duration.ofMillis(50), Duration.ofMillis(1), Duration.ofMillis(500), "1ms to 500ms"));
        assertEquals(5, r.integer("I", 5, 1, 10));
        assertEquals(Optional.empty(), r.optionalPort("P"));
        assertEquals(Protocol.UDP, r.choice("C", Protocol.class, Protocol.UDP));
        assertEquals(Optional.empty(), r.readableFile("F", "a readable file"));
        assertEquals(Optional.empty(), r.httpUrl("U", "an http(s) URL"));
        assertEquals(Duration.ZERO, r.duration("SECRET_D", Duration.ZERO, "a duration"));
        assertEquals(List.of(80), r.ports("PS", "ports"));
        assertEquals(List.of(
                "B=\"maybe\": not a boolean; valid: on, off, yes, no, true or false",
                "D=\"0\": must be greater than 0; valid: a duration greater than 0",
                "R=\"2s\": out of range; valid: 1ms to 500ms",
                "I=\"x\": not a whole number; valid: a whole number from 1 to 10",
                "P=\"0\": port 0 is out of range 1-65535; valid: a port from 1 to 65535, or empty",
                "C=\"sctp\": not a known value; valid: udp, tcp",
                "F=\"/nonexistent\": no readable file there; valid: a readable file",
                "U=\"ftp://example.com\": not an http(s) URL with a host; valid: an http(s) URL",
                "SECRET_D=(secret, not shown): not a duration; valid: a duration",
                "PS=\"80,http\": port 'http' is not a number; valid: ports"), problems);
    }
}
