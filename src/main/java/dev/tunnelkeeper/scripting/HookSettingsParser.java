package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.GoDuration;
import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsReader;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * SCRIPTS_DIR, HOOK_TIMEOUT, HOOK_MAX_ERRORS and HOOK_FETCH_ALLOW as text to {@link HookSettings} with config's readers: each
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

    private HookSettingsParser() {
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
        SettingsReader r = new SettingsReader(raw, problems);
        return new HookSettings(
                r.path(SCRIPTS_DIR, HookSettings.DEFAULT_DIR, "a directory such as scripts"),
                r.duration(HOOK_TIMEOUT, HookSettings.DEFAULT_TIMEOUT, Duration.ofMillis(1), MAX_TIMEOUT,
                        "a duration from 1ms to " + GoDuration.format(MAX_TIMEOUT) + ", such as 50ms"),
                r.integer(HOOK_MAX_ERRORS, HookSettings.DEFAULT_MAX_ERRORS, 1, MAX_ERRORS_LIMIT),
                r.eachQuoted(HOOK_FETCH_ALLOW, "comma-separated host:port or IPv4-CIDR:port, such as ntfy.sh:443,192.168.1.0/24:8080",
                        item -> FetchGrant.parse(item).toString()),
                secrets(env, problems));
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
}
