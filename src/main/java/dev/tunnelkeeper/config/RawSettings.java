package dev.tunnelkeeper.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The settings as text, before any parsing: the environment over the YAML file over the defaults.
 * An empty environment variable counts as unset, as in gluetun.
 */
public final class RawSettings {
    /** Where the file is looked for when TK_CONFIG is not set; a missing default file is fine. */
    public static final Path DEFAULT_FILE = Path.of("config", "tunnelkeeper.yaml");

    /** A value and where it came from, for error messages. */
    public record Value(SettingSpec spec, String text, String source) {
        public boolean isSet() {
            return !text.isEmpty();
        }

        /**
         * The built-in default, wherever it was written: the shipped YAML file writes every default out, and a
         * default path whose file is absent must still mean "none" there, not an error.
         */
        public boolean isDefault() {
            return source.equals("default") || text.strip().equals(spec.defaultValue());
        }

        /** The boolean this value writes (on/off, yes/no, true/false, any case), or empty when it is none of them. */
        public Optional<Boolean> bool() {
            return parseBool(text);
        }

        /**
         * This value as a boolean ({@link #parseBool}), or {@code fallback} with a problem added that names the value
         * and the valid words: the one boolean reader every setting uses.
         */
        public boolean bool(boolean fallback, List<String> problems) {
            Optional<Boolean> b = parseBool(text);
            if (b.isEmpty()) {
                problems.add(describe() + ": not a boolean; valid: " + BOOLEANS);
            }
            return b.orElse(fallback);
        }

        /** The comma-separated items of this value, stripped, blanks dropped (the list settings' syntax). */
        public List<String> items() {
            List<String> out = new ArrayList<>();
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.strip());
                }
            }
            return out;
        }

        /** How a problem names this value: the variable, the value (masked for secrets) and its source. */
        public String describe() {
            String shown = spec.secret() ? "(secret, not shown)" : "\"" + printable(text) + "\"";
            return switch (source) {
                case "env" -> spec.env() + "=" + shown;
                case "default" -> spec.env() + " default " + shown;
                default -> spec.env() + "=" + shown + " (key " + spec.yamlKey() + " in " + source + ")";
            };
        }

        /** Control characters written as a backslash, u and four hex digits, so an error line stays one readable line on any terminal. */
        private static String printable(String text) {
            StringBuilder out = new StringBuilder(text.length());
            text.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
            return out.toString();
        }
    }

    /** The booleans settings accept, as problems name them. */
    public static final String BOOLEANS = "on, off, yes, no, true or false";

    /** on/off, yes/no, true/false (any case, surrounding blanks ignored); empty for anything else. */
    public static Optional<Boolean> parseBool(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "on", "yes", "true" -> Optional.of(true);
            case "off", "no", "false" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    private final Map<String, Value> values;
    private final Optional<Path> file;

    private RawSettings(Map<String, Value> values, Optional<Path> file) {
        this.values = values;
        this.file = file;
    }

    public Value get(String env) {
        Value v = values.get(env);
        if (v == null) {
            throw new IllegalArgumentException("no setting named " + env);
        }
        return v;
    }

    public Optional<Path> file() {
        return file;
    }

    /** Reads TK_CONFIG (or the default file) and the environment; file problems are added to {@code problems}. */
    public static RawSettings read(Map<String, String> env, List<String> problems) {
        return read(env, SettingsCatalog.ALL, key -> true, problems);
    }

    /**
     * The same for a few settings only, for a command that needs no more (check-scripts reads the hooks' settings):
     * {@link #get} knows only these, and of the file's problems only those that concern them are added (TK_CONFIG
     * naming no file, a file that is not YAML, an unknown key in their sections), so a mistake elsewhere in the file
     * does not stop the command.
     */
    public static RawSettings readOnly(Map<String, String> env, Collection<String> envNames, List<String> problems) {
        List<SettingSpec> specs = envNames.stream().map(SettingsCatalog::byEnv).toList();
        Set<String> sections = specs.stream().map(spec -> section(spec.yamlKey())).collect(Collectors.toSet());
        return read(env, specs, key -> sections.contains(section(key)), problems);
    }

    /** @param concerned whether an unknown key of the file is a problem to report */
    private static RawSettings read(Map<String, String> env, List<SettingSpec> specs, Predicate<String> concerned,
                                    List<String> problems) {
        String configured = env.getOrDefault("TK_CONFIG", "");
        Path path = configured.isEmpty() ? DEFAULT_FILE : Path.of(configured);
        Map<String, String> fromFile = Map.of();
        Optional<Path> used = Optional.empty();
        if (Files.exists(path)) {
            fromFile = readYaml(path, concerned, problems);
            used = Optional.of(path);
        } else if (!configured.isEmpty()) {
            problems.add("TK_CONFIG=\"" + configured + "\": no such file; valid: the path of a readable YAML settings file, or unset to use "
                    + DEFAULT_FILE);
        }
        Map<String, Value> values = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            String e = env.getOrDefault(spec.env(), "");
            String y = fromFile.getOrDefault(spec.yamlKey(), "");
            Value v;
            if (!e.isEmpty()) {
                v = new Value(spec, e, "env");
            } else if (!y.isEmpty()) {
                v = new Value(spec, y, path.toString());
            } else {
                v = new Value(spec, spec.defaultValue(), "default");
            }
            values.put(spec.env(), v);
        }
        return new RawSettings(values, used);
    }

    /** The section a key is in, {@code hooks} for {@code hooks.timeout}; a key without a dot is its own. */
    private static String section(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    private static Map<String, String> readYaml(Path path, Predicate<String> concerned, List<String> problems) {
        Object root;
        try {
            String text = Files.readString(path);
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            problems.add(path + ": not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
            return Map.of();
        } catch (YAMLException | IOException e) {
            problems.add(path + ": cannot be read: " + e.getMessage());
            return Map.of();
        }
        Map<String, String> flat = new LinkedHashMap<>();
        if (root == null) {
            return flat;
        }
        if (!(root instanceof Map<?, ?> map)) {
            problems.add(path + ": the top level must be a mapping of sections (log:, health:, vpn:, ...)");
            return flat;
        }
        flatten("", map, flat, path, concerned, problems);
        return flat;
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, Path path, Predicate<String> concerned,
                                List<String> problems) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = prefix + entry.getKey();
            Object value = entry.getValue();
            if (value instanceof Map<?, ?> nested) {
                flatten(key + ".", nested, out, path, concerned, problems);
                continue;
            }
            if (SettingsCatalog.byYamlKey(key) == null) {
                if (!concerned.test(key)) {
                    continue;
                }
                problems.add(path + ": unknown key " + key + "; valid keys: " + suggestions(key));
                continue;
            }
            out.put(key, asText(value));
        }
    }

    private static String asText(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    // The keys of the same section, so a typo's fix is on the same line.
    private static String suggestions(String key) {
        int dot = key.indexOf('.');
        String section = dot < 0 ? "" : key.substring(0, dot + 1);
        List<String> same = new ArrayList<>();
        for (SettingSpec spec : SettingsCatalog.ALL) {
            if (!section.isEmpty() && spec.yamlKey().startsWith(section)) {
                same.add(spec.yamlKey());
            }
        }
        if (same.isEmpty()) {
            return "the sections are " + SettingsCatalog.ALL.stream()
                    .map(s -> s.yamlKey().substring(0, s.yamlKey().indexOf('.')))
                    .distinct().collect(Collectors.joining(", "));
        }
        return String.join(", ", same);
    }
}
