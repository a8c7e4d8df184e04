package dev.tunnelkeeper.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The JavaScript hooks.
 *
 * @param scriptsDir SCRIPTS_DIR: the directory whose {@code *.mjs} files are loaded and watched (not its subdirectories)
 * @param timeout    HOOK_TIMEOUT: the time limit of one hook call; past it the call is stopped and the built-in decides
 * @param maxErrors  HOOK_MAX_ERRORS: errors in a row after which a hook file is switched off until it changes
 */
public record HookSettings(Path scriptsDir, Duration timeout, int maxErrors) {
    public static final Path DEFAULT_DIR = Path.of("scripts");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_ERRORS = 5;

    public static HookSettings defaults() {
        return new HookSettings(DEFAULT_DIR, DEFAULT_TIMEOUT, DEFAULT_MAX_ERRORS);
    }
}
