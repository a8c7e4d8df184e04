package dev.tunnelkeeper.servers;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a servers file in either of gluetun's shapes: a bare provider block {@code {"servers": [...]}}, or gluetun's
 * whole servers.json {@code {"version": 1, "<provider>": {"servers": [...]}, ...}} where VPN_SERVICE_PROVIDER names
 * the block. Every problem is reported with the file, the block, the server's index and the field. A bad server entry
 * is skipped with a warning while others are usable; with none usable, the file is refused.
 */
final class ServersFileReader {
    private static final dev.tunnelkeeper.log.Log LOG = dev.tunnelkeeper.log.Log.of("servers");
    /** Warnings for skipped servers, at most: a file broken throughout must not flood the log. */
    static final int MAX_SKIP_WARNINGS = 10;
    private static final String SHAPES = "{\"servers\": [...]} as in config/servers.example.json, or gluetun's servers.json "
            + "{\"version\": 1, \"<provider>\": {\"servers\": [...]}} with VPN_SERVICE_PROVIDER naming the block";

    private ServersFileReader() {
    }

    /** The servers of {@code file}; empty when it has problems, every one of them added to {@code out}. */
    static List<Server> read(Path file, String provider, List<String> out) {
        Problems fileProblems = new Problems(file.toString(), out);
        try {
            return read(file, provider, out, fileProblems);
        } catch (OutOfMemoryError e) {
            // The whole file is parsed into a tree: under the launcher's -Xmx64m a servers file of some 5 MB (70000
            // servers) does not fit. Caught here, where the tree that filled the heap is dropped with the throw, so
            // the start ends with this line instead of a stack trace and exit 1.
            fileProblems.add("too large to load in the heap (" + size(file) + " bytes, the heap has at most "
                    + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB)", "a smaller file (only your provider's "
                    + "servers), or a larger heap such as TK_JAVA_OPTS=-Xmx256m");
            return List.of();
        }
    }

    private static String size(Path file) {
        try {
            return String.valueOf(Files.size(file));
        } catch (IOException e) {
            return "?";
        }
    }

    /**
     * Streams the file and keeps only what is used: the top-level "servers" list, or the provider's block. gluetun's
     * whole servers.json holds every provider (some 5 MB); the other blocks are skipped, never built as trees.
     */
    private static List<Server> read(Path file, String provider, List<String> out, Problems fileProblems) {
        JsonValue serversList = null;
        String blockName = null;
        JsonValue block = null;
        List<String> objectKeys = new ArrayList<>();
        try (Reader reader = utf8Reader(file); JsonParser parser = Json.createParser(reader)) {
            if (parser.next() != JsonParser.Event.START_OBJECT) {
                fileProblems.add("the top level is " + ServerJson.shown(parser.getValue()) + ", not an object", SHAPES);
                return List.of();
            }
            for (JsonParser.Event event = parser.next(); event != JsonParser.Event.END_OBJECT; event = parser.next()) {
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("servers") && serversList == null) {
                    serversList = parser.getValue();
                } else if (key.equalsIgnoreCase(provider) && block == null) {
                    blockName = key;
                    block = parser.getValue();
                } else if (value == JsonParser.Event.START_OBJECT) {
                    objectKeys.add(key);
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
            // Text after the value is an error (hasNext throws with its place).
            if (parser.hasNext()) {
                fileProblems.add("text after the end of the JSON value", "one JSON object");
                return List.of();
            }
        } catch (JsonParsingException e) {
            fileProblems.add(describe(file, e), SYNTAX_VALID);
            return List.of();
        } catch (IOException | JsonException e) {
            Throwable cause = e instanceof JsonException && e.getCause() != null ? e.getCause() : e;
            String why = cause instanceof CharacterCodingException ? "not UTF-8 text" : String.valueOf(cause.getMessage());
            fileProblems.add("cannot be read: " + why, "a readable UTF-8 JSON file");
            return List.of();
        } catch (RuntimeException e) {
            // Parsson throws a bare RuntimeException for input nested deeper than 1000 ("Input is too deeply nested").
            fileProblems.add("not valid JSON: nested too deeply (" + e.getMessage() + ")", SYNTAX_VALID);
            return List.of();
        }
        if (serversList != null) {
            return servers(serversList, fileProblems);
        }
        if (block == null) {
            fileProblems.add("no \"servers\" list and no block for VPN_SERVICE_PROVIDER=" + provider
                    + " (blocks here: " + (objectKeys.isEmpty() ? "none" : String.join(", ", objectKeys)) + ")", SHAPES);
            return List.of();
        }
        Problems blockProblems = new Problems(file + " (block \"" + blockName + "\")", out);
        if (!(block instanceof JsonObject providerBlock) || !providerBlock.containsKey("servers")) {
            blockProblems.add("no \"servers\" list in the block", SHAPES);
            return List.of();
        }
        return servers(providerBlock.get("servers"), blockProblems);
    }

    private static final String SYNTAX_VALID = "JSON shaped like config/servers.example.json";

    private static Reader utf8Reader(Path file) throws IOException {
        // Malformed input is an error (CharacterCodingException), not a replacement character.
        return new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder()));
    }

    /**
     * What is wrong with the JSON, where. The text is read again for that (a syntax error's place and an early end
     * are told from it), unless the file is too large to hold: then the parser's own words.
     */
    private static String describe(Path file, JsonParsingException e) {
        String text;
        try {
            text = Files.size(file) <= 16 * 1024 * 1024 ? Files.readString(file, StandardCharsets.UTF_8) : null;
        } catch (IOException ignored) {
            text = null;
        }
        return JsonSyntaxError.of(e, text).describe();
    }

    private static List<Server> servers(JsonValue value, Problems problems) {
        String valid = "a list of servers such as [{\"vpn\": \"openvpn\", \"ips\": [\"203.0.113.7\"], \"udp\": true}]";
        if (!(value instanceof JsonArray array)) {
            problems.add("servers", ServerJson.shown(value) + " is not a list", valid);
            return List.of();
        }
        if (array.isEmpty()) {
            problems.add("servers", "empty", valid);
            return List.of();
        }
        // A bad entry costs that server only: gluetun's own servers.json has a few (AirVPN's "ips": [""], a
        // PrivateVPN server without "vpn"), and refusing the provider's whole block for one of them stops the start.
        List<Server> servers = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String firstProblem = null;
        for (int i = 0; i < array.size(); i++) {
            List<String> entryProblems = new ArrayList<>();
            Problems entry = new Problems(problems.input(), entryProblems);
            ServerJson.parse(i, array.get(i), entry).ifPresent(servers::add);
            if (!entryProblems.isEmpty()) {
                String at = "servers[" + i + "] (";
                skipped.add(oneLine(problems.input(), name(array.get(i)).map(n -> at + n + "): "), entryProblems));
                if (firstProblem == null) {
                    firstProblem = oneLine(problems.input(), Optional.empty(), entryProblems);
                }
            }
        }
        if (servers.isEmpty()) {
            // Nothing usable: one line, the first entry's problems and how many more entries are bad.
            problems.out().add(skipped.size() == 1 ? firstProblem : firstProblem + " (and each of the other "
                    + (skipped.size() - 1) + " servers has a problem too: none is usable)");
            return List.of();
        }
        for (int i = 0; i < Math.min(skipped.size(), MAX_SKIP_WARNINGS); i++) {
            LOG.warn(problems.input() + ": skipping " + skipped.get(i).substring(problems.input().length() + 2));
        }
        if (skipped.size() > MAX_SKIP_WARNINGS) {
            LOG.warn(problems.input() + ": skipping " + (skipped.size() - MAX_SKIP_WARNINGS) + " more bad servers (not listed)");
        }
        return List.copyOf(servers);
    }

    /** The entry's problems as one line: the first problem whole, the others' places and what is wrong after it. */
    private static String oneLine(String input, Optional<String> named, List<String> entryProblems) {
        String first = entryProblems.get(0);
        StringBuilder line = new StringBuilder(input + ": " + named.orElse("") + first.substring(input.length() + 2));
        for (String more : entryProblems.subList(1, entryProblems.size())) {
            String tail = more.substring(input.length() + 2);
            int valid = tail.indexOf("; valid: ");
            line.append("; also ").append(valid < 0 ? tail : tail.substring(0, valid));
        }
        return line.toString();
    }

    /** How the entry names itself (server_name, else hostname), for a warning a user can search the file for. */
    private static Optional<String> name(JsonValue entry) {
        if (entry instanceof JsonObject o) {
            for (String field : List.of("server_name", "hostname")) {
                if (o.get(field) instanceof jakarta.json.JsonString s && !s.getString().isBlank()) {
                    return Optional.of(ServerJson.shown(s)); // quoted, escaped and shortened: one line stays one line
                }
            }
        }
        return Optional.empty();
    }
}
