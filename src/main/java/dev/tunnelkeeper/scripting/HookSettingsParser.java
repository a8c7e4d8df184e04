package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.RawSettings;
import java.io.PrintStream;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SCRIPTS_DIR, HOOK_TIMEOUT and HOOK_MAX_ERRORS as text to {@link HookSettings}, in SettingsLoader's manner: each
 * problem is one line naming the variable, the value and what would be valid, and a safe default is used instead.
 */
public final class HookSettingsParser {
    public static final String SCRIPTS_DIR = "SCRIPTS_DIR";
    public static final String HOOK_TIMEOUT = "HOOK_TIMEOUT";
    public static final String HOOK_MAX_ERRORS = "HOOK_MAX_ERRORS";
    public static final String HOOK_FETCH_ALLOW = "HOOK_FETCH_ALLOW";
    /** HOOK_SECRET_&lt;NAME&gt;: a family of variables, read from the environment only, never from the YAML file. */
    public static final String SECRET_PREFIX = "HOOK_SECRET_";
    public static final List<String> ENV_NAMES = List.of(SCRIPTS_DIR, HOOK_TIMEOUT, HOOK_MAX_ERRORS, HOOK_FETCH_ALLOW);
    private static final java.util.regex.Pattern SECRET_NAME = java.util.regex.Pattern.compile("[A-Z0-9_]{1,64}");
    /** The health loop waits for a hook: more than this would hold it up noticeably. */
    static final Duration MAX_TIMEOUT = Duration.ofMillis(500);
    static final int MAX_ERRORS_LIMIT = 1000;

    private final Function<String, RawSettings.Value> raw;
    private final List<String> problems;

    private HookSettingsParser(Function<String, RawSettings.Value> raw, List<String> problems) {
        this.raw = raw;
        this.problems = problems;
    }

    /**
     * The hook settings alone, for check-scripts and test-hook: the environment over the YAML file (TK_CONFIG, or
     * config/tunnelkeeper.yaml) over the defaults, as {@code run} reads them; no other setting is read, so a mistake
     * in another one does not matter here.
     */
    public static HookSettings read(Map<String, String> env, List<String> problems) {
        return parse(RawSettings.readOnly(env, ENV_NAMES, problems)::get, env, problems);
    }

    /** Prints the hook settings' problems as {@code run} prints its own, one line each, and gives the exit code: 2. */
    static int report(String command, List<String> problems, PrintStream err) {
        err.println("tunnelkeeper " + command + ": " + problems.size() + " problem(s) in the hook settings:");
        problems.forEach(p -> err.println("  " + p));
        return 2;
    }

    /**
     * @param raw the value of each env name, as {@code RawSettings::get} gives it
     * @param env the environment, for the HOOK_SECRET_&lt;NAME&gt; family
     */
    public static HookSettings parse(Function<String, RawSettings.Value> raw, Map<String, String> env,
                                     List<String> problems) {
        HookSettingsParser p = new HookSettingsParser(raw, problems);
        return new HookSettings(p.dir(), p.timeout(), p.maxErrors(), p.fetchAllow(), secrets(env, problems));
    }

    private List<String> fetchAllow() {
        RawSettings.Value v = raw.apply(HOOK_FETCH_ALLOW);
        if (!v.isSet()) {
            return List.of();
        }
        List<String> ok = new java.util.ArrayList<>();
        for (String item : v.items()) {
            try {
                ok.add(FetchGrant.parse(item).toString());
            } catch (IllegalArgumentException e) {
                problems.add(v.describe() + ": \"" + item + "\": " + e.getMessage()
                        + "; valid: comma-separated host:port or IPv4-CIDR:port, such as ntfy.sh:443,192.168.1.0/24:8080");
            }
        }
        return ok;
    }

    private static Map<String, dev.tunnelkeeper.config.Secret> secrets(Map<String, String> env, List<String> problems) {
        Map<String, dev.tunnelkeeper.config.Secret> out = new java.util.TreeMap<>();
        env.forEach((name, value) -> {
            if (!name.startsWith(SECRET_PREFIX)) {
                return;
            }
            String key = name.substring(SECRET_PREFIX.length());
            if (!SECRET_NAME.matcher(key).matches()) {
                problems.add(name + ": not a secret name; valid: HOOK_SECRET_ followed by A-Z, 0-9 and _, such as HOOK_SECRET_NTFY_TOKEN");
            } else if (!value.isEmpty()) {
                out.put(key, new dev.tunnelkeeper.config.Secret(value));
            }
        });
        return out;
    }

    private Path dir() {
        RawSettings.Value v = raw.apply(SCRIPTS_DIR);
        if (!v.isSet()) {
            return HookSettings.DEFAULT_DIR;
        }
        try {
            return Path.of(v.text().strip());
        } catch (InvalidPathException e) {
            problem(v, "not a path (" + e.getReason() + ")", "a directory such as scripts");
            return HookSettings.DEFAULT_DIR;
        }
    }

    private Duration timeout() {
        RawSettings.Value v = raw.apply(HOOK_TIMEOUT);
        if (!v.isSet()) {
            return HookSettings.DEFAULT_TIMEOUT;
        }
        String valid = "a duration from 1ms to " + GoDuration.format(MAX_TIMEOUT) + ", such as 50ms";
        try {
            Duration d = GoDuration.parse(v.text());
            if (d.compareTo(Duration.ofMillis(1)) < 0 || d.compareTo(MAX_TIMEOUT) > 0) {
                problem(v, "out of range", valid);
                return HookSettings.DEFAULT_TIMEOUT;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return HookSettings.DEFAULT_TIMEOUT;
        }
    }

    private int maxErrors() {
        RawSettings.Value v = raw.apply(HOOK_MAX_ERRORS);
        if (!v.isSet()) {
            return HookSettings.DEFAULT_MAX_ERRORS;
        }
        String valid = "a whole number from 1 to " + MAX_ERRORS_LIMIT;
        try {
            int n = Integer.parseInt(v.text().strip());
            if (n < 1 || n > MAX_ERRORS_LIMIT) {
                problem(v, "out of range", valid);
                return HookSettings.DEFAULT_MAX_ERRORS;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(v, "not a whole number", valid);
            return HookSettings.DEFAULT_MAX_ERRORS;
        }
    }

    private void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }
}
