package dev.tunnelkeeper.scripting;

import java.time.Duration;
import java.time.Instant;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;

/** Turns what GraalJS throws into a {@link HookError} that names the file, the line and the reason. */
final class GuestErrors {

    private GuestErrors() {
    }

    /**
     * @param fallbackLine the line to name when no frame of the file is on the stack (the hook's own line)
     * @param limit        the call's time limit, for the timeout's message
     */
    static HookError of(PolyglotException e, String file, String hook, int fallbackLine, Duration limit, Instant at) {
        int line = lineIn(e, file, fallbackLine);
        String tooLong = hook.isEmpty() ? "its top level did not finish within " + limit.toMillis() + "ms"
                : "did not return within " + limit.toMillis() + "ms (HOOK_TIMEOUT)";
        if (e.isInterrupted()) {
            return new HookError(file, line, hook, HookError.Kind.TIMEOUT, tooLong + " and was stopped", at);
        }
        if (e.isResourceExhausted()) {
            return new HookError(file, line, hook, HookError.Kind.RESOURCE, "ran out of resources: " + e.getMessage()
                    + " (it was stopped; its module starts fresh)", at);
        }
        if (e.isCancelled()) {
            return new HookError(file, line, hook, HookError.Kind.TIMEOUT,
                    tooLong + " and was cancelled (its module starts fresh)", at);
        }
        if (e.isSyntaxError()) {
            return new HookError(file, line, hook, HookError.Kind.SYNTAX, syntaxMessage(e.getMessage()), at);
        }
        if (e.isGuestException()) {
            return new HookError(file, line, hook, HookError.Kind.THROW, "threw " + firstLine(e.getMessage()), at);
        }
        return new HookError(file, line, hook, HookError.Kind.INTERNAL,
                "the JavaScript engine failed: " + firstLine(e.getMessage()), at);
    }

    // The innermost frame of this file is where the user looks: the throw, the loop that was interrupted.
    private static int lineIn(PolyglotException e, String file, int fallbackLine) {
        SourceSection at = e.getSourceLocation();
        if (isIn(at, file)) {
            return at.getStartLine();
        }
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (frame.isGuestFrame() && isIn(frame.getSourceLocation(), file)) {
                return frame.getSourceLocation().getStartLine();
            }
        }
        return fallbackLine;
    }

    private static boolean isIn(SourceSection section, String file) {
        return section != null && section.isAvailable() && file.equals(section.getSource().getName());
    }

    // GraalJS writes "name.mjs:2:20 Expected ident but found eof" plus the source line and a caret: keep the words.
    private static String syntaxMessage(String message) {
        String first = firstLine(message);
        if (first.startsWith("SyntaxError: ")) {
            first = first.substring("SyntaxError: ".length());
        }
        String words = first.replaceFirst("^\\S+:\\d+:\\d+\\s+", "");
        return "SyntaxError: " + words;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
