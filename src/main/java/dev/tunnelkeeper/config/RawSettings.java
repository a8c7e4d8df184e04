package dev.tunnelkeeper.config;

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
import java.util.function.Supplier;
import java.util.TreeSet;
import java.util.stream.Collectors;
import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import io.helidon.config.spi.ConfigSource;
import io.helidon.config.yaml.YamlConfigParser;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The settings as text, before any parsing: the environment over the YAML file over the defaults, read through
 * Helidon Config. The environment is a config source of its own, made through the catalogue ({@link SettingsCatalog}
 * maps each env name to its key: gluetun's names do not map onto the YAML tree by rule); the file is read by
 * helidon-config-yaml. An empty environment variable counts as unset, as in gluetun, and so does an empty value in
 * the file.
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
                case String s when s.startsWith("[") -> spec.env() + "=" + shown + " (" + source + ")";
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
    private final List<String> warnings;

    private RawSettings(Map<String, Value> values, Optional<Path> file, List<String> warnings) {
        this.values = values;
        this.file = file;
        this.warnings = List.copyOf(warnings);
    }

    /** What the sources say that is not used, for the start-up log (the WireGuard file's DNS, say). */
    public List<String> warnings() {
        return warnings;
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
        Optional<Path> used = Optional.empty();
        Config file = Config.empty();
        if (Files.exists(path)) {
            file = readYaml(path, concerned, problems);
            used = Optional.of(path);
        } else if (!configured.isEmpty()) {
            problems.add("TK_CONFIG=\"" + configured + "\": no such file; valid: the path of a readable YAML settings file, or unset to use "
                    + DEFAULT_FILE);
        }
        Map<String, String> fromEnv = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            String e = env.getOrDefault(spec.env(), "");
            if (!e.isEmpty()) {
                fromEnv.put(spec.yamlKey(), e);
            }
        }
        Config merged = helidon(ConfigSources.create(fromEnv, "environment").build(), ConfigSources.create(file));
        Map<String, Value> values = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            String text = text(merged.get(spec.yamlKey()));
            Value v;
            if (fromEnv.containsKey(spec.yamlKey())) {
                v = new Value(spec, text, "env");
            } else if (!text.isEmpty()) {
                v = new Value(spec, text, path.toString());
            } else {
                v = new Value(spec, spec.defaultValue(), "default");
            }
            values.put(spec.env(), v);
        }
        List<String> warnings = new ArrayList<>();
        wireGuardConfFile(values, problems, warnings);
        return new RawSettings(values, used, warnings);
    }

    /** A config of these sources only, strongest first, taken as written: no ${...} resolving, no other source. */
    private static Config helidon(ConfigSource... sources) {
        List<Supplier<? extends ConfigSource>> suppliers = new ArrayList<>();
        for (ConfigSource source : sources) {
            suppliers.add(() -> source);
        }
        return Config.builder()
                .sources(suppliers)
                .disableEnvironmentVariablesSource()
                .disableSystemPropertiesSource()
                .disableParserServices()
                .addParser(YamlConfigParser.create())
                .disableFilterServices()
                .disableMapperServices()
                .disableValueResolving()
                .disableKeyResolving()
                .disableCaching()
                .build();
    }

    /**
     * A value's text; a list's items joined by commas (the list settings' syntax); empty when absent. Helidon merges
     * an environment value over a list of the file into one node with both: the value, the stronger source's, wins.
     */
    private static String text(Config node) {
        if (node.hasValue()) {
            return node.asString().orElse("");
        }
        if (node.type() == Config.Type.LIST) {
            return node.asNodeList().orElse(List.of()).stream().map(RawSettings::text).collect(Collectors.joining(","));
        }
        return "";
    }

    /** The section a key is in, {@code hooks} for {@code hooks.timeout}; a key without a dot is its own. */
    private static String section(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }

    /**
     * With VPN_TYPE=wireguard, the values of WIREGUARD_CONF_SECRETFILE fill the WireGuard settings that neither the
     * environment nor the YAML file set. Its default path is used only when a file is there.
     */
    private static void wireGuardConfFile(Map<String, Value> values, List<String> problems, List<String> warnings) {
        Value conf = values.get("WIREGUARD_CONF_SECRETFILE");
        if (conf == null || !values.containsKey("VPN_TYPE") || !conf.isSet() || !values.get("VPN_TYPE").text().strip().equalsIgnoreCase("wireguard")) {
            return;
        }
        Path path = Path.of(conf.text().strip());
        if (!Files.isRegularFile(path)) {
            if (!conf.isDefault()) {
                problems.add(conf.describe() + ": no readable file there; valid: a WireGuard configuration file "
                        + "([Interface] and [Peer] sections), or unset");
            }
            return;
        }
        WireGuardConfFile.Result read = WireGuardConfFile.read(path, problems);
        warnings.addAll(read.warnings());
        for (WireGuardConfFile.Entry entry : read.entries()) {
            Value current = values.get(entry.env());
            if (current.source().equals("default")) {
                values.put(entry.env(), new Value(current.spec(), entry.text(), entry.where()));
            }
        }
    }

    /** The file as Helidon reads it; a file that is not YAML, or not a mapping of sections, is one problem line. */
    private static Config readYaml(Path path, Predicate<String> concerned, List<String> problems) {
        Config file;
        try {
            file = helidon(ConfigSources.file(path).optional(false).build());
        } catch (ConfigException e) {
            problems.add(path + ": " + yamlProblem(e));
            return Config.empty();
        }
        // The leaves and lists that are no setting, in key order; a list's items are not keys of their own.
        Set<String> unknown = new TreeSet<>();
        file.traverse()
                .filter(node -> node.type() != Config.Type.OBJECT && !insideList(file, node.key().toString()))
                .map(node -> node.key().toString())
                .filter(key -> SettingsCatalog.byYamlKey(key) == null && concerned.test(key))
                .forEach(unknown::add);
        unknown.forEach(key -> problems.add(path + ": unknown key " + key + "; valid keys: " + suggestions(key)));
        return file;
    }

    private static boolean insideList(Config file, String key) {
        for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1)) {
            if (file.get(key.substring(0, dot)).type() == Config.Type.LIST) {
                return true;
            }
        }
        return false;
    }

    /** What is wrong with the file in one line: where Helidon's parser says it, the line and the problem. */
    private static String yamlProblem(ConfigException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                return "not valid YAML at line " + (marked.getProblemMark().getLine() + 1) + ": " + marked.getProblem();
            }
            if (t instanceof ClassCastException) {
                return "the top level must be a mapping of sections (log:, health:, vpn:, ...)";
            }
        }
        return "cannot be read: " + e.getMessage().lines().findFirst().orElse("");
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
