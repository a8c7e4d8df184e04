package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Servers files that are broken in ways ServersFileReaderTest does not cover, read through the loader as the product
 * reads SERVERS_FILE. Each gives exactly one line naming the file, what is wrong and what would be valid, and no stack
 * trace. (A missing file and a directory are in ServerSourcesTest. An unreadable file (chmod 000) is not tested: the
 * tests run as root, who reads it anyway, so such a test could not fail.)
 */
class MalformedServersFileTest {
    private static final String EXAMPLE = "config/servers.example.json";

    @TempDir
    Path dir;
    private final List<String> problems = new ArrayList<>();

    private Path file() {
        return dir.resolve("servers.json");
    }

    /** Loads {@code bytes} as SERVERS_FILE and returns its one problem, after checking it is one clear line. */
    private String load(byte[] bytes) throws IOException {
        Files.write(file(), bytes);
        return loadFile();
    }

    private String loadFile() {
        Optional<ServerCatalog> catalog = ServerCatalogLoader.load(Fixtures.serverSettings(file(), true),
                Fixtures.openVpn(Optional.empty(), Protocol.UDP), problems);
        assertTrue(catalog.isEmpty(), "a broken file gives no catalogue");
        assertEquals(1, problems.size(), problems.toString());
        String line = problems.get(0);
        assertTrue(line.startsWith(file() + ": ") || line.startsWith(file() + " (block "), line);
        assertTrue(line.contains("; valid: "), line);
        assertFalse(line.contains("\n") || line.contains("Exception") || line.contains("at dev.") || line.contains("\tat "), line);
        String rest = line.substring(file().toString().length());
        return rest.startsWith(": ") ? rest.substring(2) : rest.strip();
    }

    private String load(String text) throws IOException {
        return load(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The shipped example cut short at several places: inside a string, a number, between tokens, before the end. */
    @ParameterizedTest(name = "cut at {0}/8")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aTruncatedFile(int eighths) throws IOException {
        String whole = Files.readString(Path.of(EXAMPLE));
        String cut = whole.substring(0, whole.length() * eighths / 8);
        String problem = load(cut);
        assertTrue(problem.startsWith("not valid JSON at line "), problem);
        assertTrue(problem.contains(": the file ends too early"), problem);
    }

    @Test
    void aTruncatedFileOneCharacterShort() throws IOException {
        String whole = Files.readString(Path.of(EXAMPLE)).stripTrailing();
        String cut = whole.substring(0, whole.length() - 1);
        // The place is just after the last character left: where the missing '}' belongs.
        String kept = cut.stripTrailing();
        assertEquals("not valid JSON at line " + kept.lines().count() + ", column " + (kept.lines().reduce((a, b) -> b).orElseThrow().length() + 1)
                + ": the file ends too early: a closing ']' or '}' is missing; valid: JSON shaped like config/servers.example.json",
                load(cut));
    }

    @Test
    void anEmptyFile() throws IOException {
        assertEquals("not valid JSON at line 1, column 1: the file is empty; valid: JSON shaped like config/servers.example.json",
                load(new byte[0]));
    }

    @Test
    void aWhitespaceOnlyFile() throws IOException {
        assertTrue(load(" \t\n  \r\n\n ").contains(": the file is empty; valid: "), problems.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`\"servers\"`                      | the top level is \"servers\", not an object",
            "`42`                               | the top level is 42, not an object",
            "`null`                             | the top level is null, not an object",
            "`true`                             | the top level is true, not an object",
            "`{\"servers\": null}`              | servers: null is not a list",
            "`{\"servers\": \"203.0.113.1\"}`   | servers: \"203.0.113.1\" is not a list",
            "`{\"servers\": [null]}`            | servers[0]: null is not an object",
            "`{\"servers\": [[[]]]}`            | servers[0]: [[]] is not an object",
            "`{\"version\": 1, \"custom\": []}` | (block \"custom\"): no \"servers\" list in the block",
            "`{\"version\": 1, \"custom\": {\"servers\": 7}}` | (block \"custom\"): servers: 7 is not a list"})
    void wrongTypes(String json, String expected) throws IOException {
        String problem = load(json);
        assertTrue(problem.startsWith(expected + "; valid: "), problem);
    }

    /** Parsson stops at depth 1000 with a bare RuntimeException, which escaped the reader (a stack trace at startup). */
    @Test
    void deepNesting() throws IOException {
        assertEquals(NESTED, load("[".repeat(100_000)));
    }

    @Test
    void deepNestingInsideAServer() throws IOException {
        assertEquals(NESTED, load("{\"servers\": [{\"vpn\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}]}"));
    }

    private static final String NESTED = "not valid JSON: nested too deeply (Input is too deeply nested 1,000); "
            + "valid: JSON shaped like config/servers.example.json";

    @Test
    void notUtf8() throws IOException {
        byte[] bytes = "{\"servers\": [{\"vpn\": \"openvpn\", \"city\": \"\u00ff\u00fe\"}]}".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("cannot be read: not UTF-8 text; valid: a readable UTF-8 JSON file", load(bytes));
    }

    /** 50 MB of garbage: one line, not 50 MB of it echoed back. */
    @Test
    void fiftyMegabytesOfGarbage() throws IOException {
        try (OutputStream out = Files.newOutputStream(file())) {
            byte[] block = "garbage ".repeat(1024 * 1024 / 8).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 50; i++) {
                out.write(block);
            }
        }
        String problem = loadFile();
        assertEquals("not valid JSON at line 1, column 1: unexpected character 'g'; valid: JSON shaped like config/servers.example.json", problem);
    }

    /**
     * 2 MB of valid servers (some 28000) with one bad field at the very end: that one is skipped, named by its index
     * in a warning, and the others load. (10 MB takes some 5 s to load here, 50 MB some 12 s: too slow for a unit test.)
     */
    @Test
    void twoMegabytesOfServersWithOneBadAtTheEnd() throws IOException {
        String good = "{\"vpn\": \"openvpn\", \"server_name\": \"s\", \"ips\": [\"203.0.113.1\"], \"udp\": true},\n";
        int count = 2 * 1024 * 1024 / good.length();
        try (OutputStream out = Files.newOutputStream(file())) {
            out.write("{\"servers\": [\n".getBytes(StandardCharsets.US_ASCII));
            byte[] g = good.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < count; i++) {
                out.write(g);
            }
            out.write("{\"vpn\": \"openvpn\", \"ips\": [\"1.2.3\"], \"udp\": true}]}".getBytes(StandardCharsets.US_ASCII));
        }
        try (dev.tunnelkeeper.log.LogCapture log = new dev.tunnelkeeper.log.LogCapture()) {
            Optional<ServerCatalog> catalog = ServerCatalogLoader.load(Fixtures.serverSettings(file(), true),
                    Fixtures.openVpn(Optional.empty(), Protocol.UDP), problems);
            assertEquals(List.of(), problems);
            assertEquals(count, catalog.orElseThrow().servers().size());
            assertEquals(List.of("WARN [servers] " + file() + ": skipping servers[" + count + "].ips[0]: \"1.2.3\" is not an IP "
                    + "address; valid: an IPv4 or IPv6 address such as \"203.0.113.7\""), log.lines());
        }
    }
}
