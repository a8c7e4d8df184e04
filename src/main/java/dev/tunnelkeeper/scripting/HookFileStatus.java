package dev.tunnelkeeper.scripting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One hook file as the control API lists it.
 *
 * @param file          its name
 * @param state         whether its hooks are called
 * @param exports       the hooks it exports, as named in JavaScript
 * @param calls         calls since it was (re)loaded
 * @param errors        errors since it was (re)loaded
 * @param errorsInARow  errors since its last good call: at HOOK_MAX_ERRORS it is switched off
 * @param lastError     the last error, with file:line
 * @param loadedAt      when the running version was loaded
 * @param rejected      why the file's newest version was not loaded (the previous one, if any, keeps running)
 */
public record HookFileStatus(
        String file,
        State state,
        List<String> exports,
        long calls,
        long errors,
        int errorsInARow,
        Optional<HookError> lastError,
        Optional<Instant> loadedAt,
        List<HookError> rejected) {

    public enum State {
        /** Loaded; its hooks are called. */
        ACTIVE,
        /** Switched off after HOOK_MAX_ERRORS errors in a row, until the file changes. */
        DISABLED,
        /** Never loaded: its only version has problems (see rejected). */
        BROKEN
    }

    public HookFileStatus {
        exports = List.copyOf(exports);
        rejected = List.copyOf(rejected);
    }
}
