package dev.tunnelkeeper.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The typed readers every settings parser uses (the core's and each feature's): a bad value adds one problem line,
 * {@code NAME="value": what is wrong; valid: what would be}, and the reader gives a safe value in its place, so that
 * one run reports every problem. Secrets are never in a line ({@link RawSettings.Value#describe}).
 */
public final class SettingsReader {
    /** Turns a value's text into a T, or throws IllegalArgumentException whose message says what is wrong. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    private static final String VALID_PORT = "a port from 1 to 65535, or empty";

    private final Function<String, RawSettings.Value> values;
    private final List<String> problems;

    /**
     * @param values   the value of each env name, as {@code RawSettings::get} gives it
     * @param problems where each problem is added, one line each
     */
    public SettingsReader(Function<String, RawSettings.Value> values, List<String> problems) {
        this.values = values;
        this.problems = problems;
    }

    public RawSettings.Value value(String env) {
        return values.apply(env);
    }

    /** Adds a problem that is about more than one value, written whole by the caller. */
    public void problem(String line) {
        problems.add(line);
    }

    /** Adds {@code NAME="value": what; valid: valid}. */
    public void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }

    /** The parser's answer for the value's text, or the fallback with a problem naming what it threw. */
    public <T> T read(String env, T fallback, String valid, Parser<T> parser) {
        return read(value(env), fallback, valid, parser);
    }

    /** {@link #read(String, Object, String, Parser)} for a value in hand. */
    public <T> T read(RawSettings.Value v, T fallback, String valid, Parser<T> parser) {
        try {
            return parser.parse(v.text());
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return fallback;
        }
    }

    /** Empty when the value is unset; else the parser's answer, or empty with a problem. */
    public <T> Optional<T> optional(String env, String valid, Parser<T> parser) {
        RawSettings.Value v = value(env);
        if (!v.isSet()) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(v, null, valid, parser));
    }

    /** The parser's answer for each comma-separated item; a bad item is one problem (its message is the "what"). */
    public <T> List<T> each(String env, String valid, Parser<T> parser) {
        RawSettings.Value v = value(env);
        List<T> out = new ArrayList<>();
        for (String item : v.items()) {
            T parsed = read(v, null, valid, text -> parser.parse(item));
            if (parsed != null) {
                out.add(parsed);
            }
        }
        return out;
    }

    /** The same, each bad item's problem starting with the item quoted: {@code "item": what is wrong}. */
    public <T> List<T> eachQuoted(String env, String valid, Parser<T> parser) {
        return each(env, valid, item -> {
            try {
                return parser.parse(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("\"" + item + "\": " + e.getMessage());
            }
        });
    }

    /** The comma-separated items, stripped, blanks dropped. */
    public List<String> list(String env) {
        return value(env).items();
    }

    /** The space-separated words. */
    public List<String> words(String env) {
        String text = value(env).text();
        return text.isBlank() ? List.of() : List.of(text.strip().split("\\s+"));
    }

    public Secret secret(String env) {
        return new Secret(value(env).text());
    }

    /** on/off, yes/no, true/false, any case. */
    public boolean bool(String env, boolean fallback) {
        return read(env, fallback, RawSettings.BOOLEANS, SettingsReader::bool);
    }

    /** The same, with what "on" means after the valid words. */
    public boolean bool(String env, boolean fallback, String meaning) {
        return read(env, fallback, RawSettings.BOOLEANS + " (" + meaning + ")", SettingsReader::bool);
    }

    private static boolean bool(String text) {
        return RawSettings.parseBool(text).orElseThrow(() -> new IllegalArgumentException("not a boolean"));
    }

    /** A Go duration, 0 or more. */
    public Duration duration(String env, Duration fallback, String valid) {
        return read(env, fallback, valid, GoDuration::parse);
    }

    /** A Go duration greater than 0. */
    public Duration positiveDuration(String env, Duration fallback, String valid) {
        return read(env, fallback, valid, text -> {
            Duration d = GoDuration.parse(text);
            if (d.isZero()) {
                throw new IllegalArgumentException("must be greater than 0");
            }
            return d;
        });
    }

    /** A Go duration from min to max. */
    public Duration duration(String env, Duration fallback, Duration min, Duration max, String valid) {
        return read(env, fallback, valid, text -> {
            Duration d = GoDuration.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            return d;
        });
    }

    /** A whole number from min to max. */
    public int integer(String env, int fallback, int min, int max) {
        return integer(env, fallback, min, max, "a whole number from " + min + " to " + max);
    }

    public int integer(String env, int fallback, int min, int max, String valid) {
        return read(env, fallback, valid, text -> {
            int n;
            try {
                n = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number");
            }
            if (n < min || n > max) {
                throw new IllegalArgumentException("out of range");
            }
            return n;
        });
    }

    /** A port from 1 to 65535, or empty when unset. */
    public Optional<Integer> optionalPort(String env) {
        return optional(env, VALID_PORT, text -> HostPort.parsePort(text.strip()));
    }

    /** Comma-separated ports from 1 to 65535, each once, in the order written. */
    public List<Integer> ports(String env, String valid) {
        Set<Integer> out = new LinkedHashSet<>(each(env, valid, HostPort::parsePort));
        return List.copyOf(out);
    }

    /** host:port or :port; with defaultPort > 0 the port may be left out. */
    public HostPort hostPort(String env, int defaultPort, HostPort fallback, String valid) {
        return read(env, fallback, valid, text -> HostPort.parse(text, defaultPort));
    }

    /** One of the enum's constants, by name in any case; the problem lists them in lower case. */
    public <E extends Enum<E>> E choice(String env, Class<E> type, E fallback) {
        E[] options = type.getEnumConstants();
        String valid = String.join(", ", Arrays.stream(options).map(e -> e.name().toLowerCase(Locale.ROOT)).toList());
        return read(env, fallback, valid, text -> {
            for (E e : options) {
                if (e.name().equalsIgnoreCase(text.strip())) {
                    return e;
                }
            }
            throw new IllegalArgumentException("not a known value");
        });
    }

    /** A path (not checked on disk); unset gives the fallback. */
    public Path path(String env, Path fallback, String valid) {
        RawSettings.Value v = value(env);
        if (!v.isSet()) {
            return fallback;
        }
        return read(v, fallback, valid, text -> {
            try {
                return Path.of(text.strip());
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("not a path (" + e.getReason() + ")");
            }
        });
    }

    /** The path of a file to write: not empty, not a directory. */
    public Path fileToWrite(String env, Path fallback, String valid) {
        return read(env, fallback, valid, text -> {
            if (text.isBlank()) {
                throw new IllegalArgumentException("empty");
            }
            try {
                Path path = Path.of(text.strip());
                if (Files.isDirectory(path)) {
                    throw new IllegalArgumentException("a directory");
                }
                return path;
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException(e.getReason());
            }
        });
    }

    /**
     * The path of a readable file, or empty when unset. A default path written out in the YAML file names no file
     * while its file is absent ({@link RawSettings.Value#isDefault}), as the built-in default does.
     */
    public Optional<Path> readableFile(String env, String valid) {
        RawSettings.Value v = value(env);
        if (!v.isSet()) {
            return Optional.empty();
        }
        Path path;
        try {
            path = Path.of(v.text().strip());
        } catch (InvalidPathException e) {
            problem(v, e.getReason(), valid);
            return Optional.empty();
        }
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
            return Optional.of(path);
        }
        if (!v.isDefault()) {
            problem(v, "no readable file there", valid);
        }
        return Optional.empty();
    }

    /** An http or https URL with a host, or empty when unset. */
    public Optional<URI> httpUrl(String env, String valid) {
        return optional(env, valid, text -> {
            try {
                URI uri = new URI(text.strip());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL with a host");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(e.getReason());
            }
        });
    }
}
