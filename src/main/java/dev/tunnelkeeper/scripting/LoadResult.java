package dev.tunnelkeeper.scripting;

import java.util.List;

/** The outcome of compiling and validating one hook file in a fresh context. */
sealed interface LoadResult {

    /** Ready to swap in; warnings are worth a log line but do not stop it. */
    record Loaded(HookContext module, List<HookError> warnings) implements LoadResult {
    }

    /** Not loadable; every problem found, each with its file and line. */
    record Rejected(List<HookError> problems) implements LoadResult {
    }
}
