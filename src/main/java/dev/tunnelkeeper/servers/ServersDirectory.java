package dev.tunnelkeeper.servers;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * gluetun's servers directory (its {@code STORAGE_SERVERS_DIRECTORY_PATH}, {@code /gluetun/servers/} by default):
 * {@value #MANIFEST}, an object with a {@code "version"} and one entry per provider whose {@code "filepath"} names that
 * provider's file ({@code <directory>/<provider>.json}), and the provider files themselves. Only the manifest and the
 * chosen provider's file are read; the provider file goes to {@link ServersFileReader}, streamed like a servers.json.
 */
final class ServersDirectory {
    static final String MANIFEST = "manifest.json";
    private static final String VALID = "gluetun's servers directory (manifest.json and one file per provider), its "
            + "manifest.json, or a servers file shaped like config/servers.example.json";

    private ServersDirectory() {
    }

    /** Whether {@code path} is such a directory, or its manifest. */
    static boolean isLayout(Path path) {
        return Files.isDirectory(path) || String.valueOf(path.getFileName()).equals(MANIFEST);
    }

    /**
     * The provider's file named by the manifest; empty with the problem added when there is none. The manifest's
     * {@code filepath} is gluetun's path inside its own container: when the directory is mounted elsewhere, the file
     * of that name in this directory is used.
     *
     * @param path the directory, or its manifest.json
     */
    static Optional<Path> providerFile(Path path, String provider, List<String> out) {
        Path directory = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        Path manifest = directory.resolve(MANIFEST);
        Problems problems = new Problems("SERVERS_FILE=\"" + path + "\"", out);
        if (!Files.isRegularFile(manifest)) {
            problems.add("a directory without " + MANIFEST, VALID);
            return Optional.empty();
        }
        JsonObject entries;
        try (Reader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8);
             JsonReader json = Json.createReader(reader)) {
            JsonValue top = json.readValue();
            if (!(top instanceof JsonObject object)) {
                new Problems(manifest.toString(), out).add("the top level is " + ServerJson.shown(top) + ", not an object",
                        "{\"version\": 1, \"<provider>\": {\"filepath\": \"<directory>/<provider>.json\"}, ...}");
                return Optional.empty();
            }
            entries = object;
        } catch (IOException | JsonException e) {
            new Problems(manifest.toString(), out).add("cannot be read as JSON: " + e.getMessage(),
                    "gluetun's manifest.json, {\"version\": 1, \"<provider>\": {\"filepath\": \"...\"}, ...}");
            return Optional.empty();
        }
        Optional<Map.Entry<String, JsonValue>> entry = entries.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(provider)).findFirst();
        if (entry.isEmpty()) {
            List<String> providers = entries.keySet().stream().filter(k -> !k.equals("version")).toList();
            new Problems(manifest.toString(), out).add("no entry for VPN_SERVICE_PROVIDER=" + provider
                    + " (providers here: " + (providers.isEmpty() ? "none" : String.join(", ", providers)) + ")",
                    "VPN_SERVICE_PROVIDER naming one of them, or a servers directory with that provider");
            return Optional.empty();
        }
        Set<Path> candidates = new LinkedHashSet<>();
        if (entry.get().getValue() instanceof JsonObject metadata && metadata.get("filepath") instanceof JsonString named
                && !named.getString().isBlank()) {
            Path file = Path.of(named.getString());
            candidates.add(file.isAbsolute() ? file : directory.resolve(file));
            candidates.add(directory.resolve(String.valueOf(file.getFileName())));
        }
        candidates.add(directory.resolve(entry.get().getKey() + ".json"));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        List<String> tried = new ArrayList<>(candidates.stream().map(Path::toString).toList());
        new Problems(manifest.toString(), out).add("\"" + entry.get().getKey() + "\": its servers file is not there (looked for "
                + String.join(", ", tried) + ")", "the provider's file beside manifest.json, as gluetun writes it");
        return Optional.empty();
    }
}
