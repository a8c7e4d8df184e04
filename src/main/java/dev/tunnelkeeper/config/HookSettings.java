package dev.tunnelkeeper.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JavaScript hooks.
 *
 * @param scriptsDir SCRIPTS_DIR: the directory whose {@code *.mjs} files are loaded and watched (not its subdirectories)
 * @param timeout    HOOK_TIMEOUT: the time limit of one hook call; past it the call is stopped and the built-in decides
 * @param maxErrors  HOOK_MAX_ERRORS: errors in a row after which a hook file is switched off until it changes
 * @param fetchAllow HOOK_FETCH_ALLOW: where {@code tk.fetch} may go, {@code host:port} or {@code CIDR:port} each
 *                   (checked when parsed); empty: nowhere
 * @param secrets    the HOOK_SECRET_&lt;NAME&gt; variables by NAME, read with {@code tk.secret("NAME")}
 */
public record HookSettings(Path scriptsDir, Duration timeout, int maxErrors, List<String> fetchAllow,
                           Map<String, Secret> secrets) {
    public static final Path DEFAULT_DIR = Path.of("scripts");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_ERRORS = 5;

    public HookSettings {
        fetchAllow = List.copyOf(fetchAllow);
        secrets = java.util.Collections.unmodifiableMap(new TreeMap<>(secrets));
    }

    /** No outbound calls granted and no secrets. */
    public HookSettings(Path scriptsDir, Duration timeout, int maxErrors) {
        this(scriptsDir, timeout, maxErrors, List.of(), Map.of());
    }

    public static HookSettings defaults() {
        return new HookSettings(DEFAULT_DIR, DEFAULT_TIMEOUT, DEFAULT_MAX_ERRORS);
    }
}
