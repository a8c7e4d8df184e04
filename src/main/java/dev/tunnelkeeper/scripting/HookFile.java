package dev.tunnelkeeper.scripting;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One file of the scripts directory: the version that runs (if any), its counters, and the newest version that was
 * rejected. Thread-safe: calls come from the loop's and the supervisor's threads, loads from the loader's.
 */
final class HookFile {
    private final String file;
    private HookContext module; // null while BROKEN
    private HookSource source;
    private Instant loadedAt;
    private long calls;
    private long errors;
    private int errorsInARow;
    private HookError lastError;
    private boolean disabled;
    private String rejectedDigest;
    private List<HookError> rejected = List.of();

    HookFile(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    /** The module to call for this hook, or null (none loaded, switched off, dead, or it does not export it). */
    synchronized HookContext callable(HookName hook) {
        return module != null && !disabled && !module.dead() && module.exports(hook) ? module : null;
    }

    synchronized boolean exports(HookName hook) {
        return callable(hook) != null;
    }

    /** Swaps a new version in with fresh counters; returns the old one for the caller to close. */
    synchronized Optional<HookContext> install(HookSource newSource, HookContext newModule, Instant at) {
        HookContext old = module;
        module = newModule;
        source = newSource;
        loadedAt = at;
        calls = 0;
        errors = 0;
        errorsInARow = 0;
        lastError = null;
        disabled = false;
        rejectedDigest = null;
        rejected = List.of();
        return Optional.ofNullable(old);
    }

    /** The same version, loaded again after its context died: fresh module state, counters kept. */
    synchronized Optional<HookContext> revive(HookContext newModule) {
        HookContext old = module;
        module = newModule;
        return Optional.ofNullable(old);
    }

    /** The newest version has problems: remembered, so it is not compiled again until it changes. */
    synchronized void reject(String digest, List<HookError> problems) {
        rejectedDigest = digest;
        rejected = List.copyOf(problems);
    }

    /** The digest of the newest version seen, loaded or rejected: a file whose digest differs has changed. */
    synchronized Optional<String> newestDigest() {
        if (rejectedDigest != null) {
            return Optional.of(rejectedDigest);
        }
        return Optional.ofNullable(source).map(HookSource::digest);
    }

    /** The running version, when its context died and must be loaded again. */
    synchronized Optional<HookSource> deadSource() {
        return module != null && module.dead() ? Optional.of(source) : Optional.empty();
    }

    synchronized Optional<HookContext> detach() {
        HookContext old = module;
        module = null;
        return Optional.ofNullable(old);
    }

    synchronized void succeeded() {
        calls++;
        errorsInARow = 0;
    }

    /** Counts an error; returns true when this one switches the file off. */
    synchronized boolean failed(HookError error, int maxErrors) {
        calls++;
        errors++;
        errorsInARow++;
        lastError = error;
        if (!disabled && errorsInARow >= maxErrors) {
            disabled = true;
            return true;
        }
        return false;
    }

    synchronized int errorsInARow() {
        return errorsInARow;
    }

    synchronized HookFileStatus status() {
        HookFileStatus.State state = module == null ? HookFileStatus.State.BROKEN
                : disabled ? HookFileStatus.State.DISABLED : HookFileStatus.State.ACTIVE;
        List<String> exports = module == null ? List.of()
                : module.hooks().stream().sorted().map(HookName::export).toList();
        return new HookFileStatus(file, state, exports, calls, errors, errorsInARow, Optional.ofNullable(lastError),
                Optional.ofNullable(loadedAt), rejected);
    }
}
