package dev.tunnelkeeper.control.api;

import java.util.List;
import java.util.Optional;

/**
 * What the control API needs from the script host: the loaded hooks with their errors, and a reload.
 * {@link #NONE} stands in until the script host exists.
 */
public interface HooksView {
    /**
     * One hook file.
     *
     * @param file      its path as the user wrote it in the scripts directory
     * @param exports   the hook functions it exports (onHealthCheckFailed, selectServer, ...)
     * @param disabled  disabled after repeated errors, until the file changes
     * @param errors    errors counted since it was loaded
     * @param lastError the last error with file and line, if any
     */
    record HookInfo(String file, List<String> exports, boolean disabled, long errors, Optional<String> lastError) {
        public HookInfo {
            exports = List.copyOf(exports);
        }
    }

    /** A file that could not be (re)loaded, and why (file and line). */
    record Failure(String file, String error) {
    }

    /** What a reload did: the files now loaded and the ones refused (the old version of a refused file stays). */
    record ReloadOutcome(List<String> loaded, List<Failure> failed) {
        public ReloadOutcome {
            loaded = List.copyOf(loaded);
            failed = List.copyOf(failed);
        }
    }

    List<HookInfo> list();

    ReloadOutcome reload();

    HooksView NONE = new HooksView() {
        @Override
        public List<HookInfo> list() {
            return List.of();
        }

        @Override
        public ReloadOutcome reload() {
            return new ReloadOutcome(List.of(), List.of());
        }
    };
}
