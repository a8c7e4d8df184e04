package dev.tunnelkeeper.scripting;

import java.time.Instant;

/**
 * One problem with a hook file: loading it, or one call. Printed as {@code file:line: message}, so an editor jumps
 * to it; line 0 means the file as a whole.
 *
 * @param file    the file's name, such as {@code avoid-dead-servers.mjs}
 * @param line    1-based line, or 0 when no line applies
 * @param hook    the hook called, or empty for a load problem
 * @param kind    what went wrong
 * @param message what, in words that name the fix where possible
 * @param at      when
 */
public record HookError(String file, int line, String hook, Kind kind, String message, Instant at) {

    public enum Kind {
        /** The file cannot be read. */
        READ,
        /** The module does not parse. */
        SYNTAX,
        /** apiVersion missing or not 1, a hook that is not a function, a misspelt hook name. */
        API,
        /** The module's top level or a hook threw. */
        THROW,
        /** A call ran past HOOK_TIMEOUT and was stopped. */
        TIMEOUT,
        /** Memory or the statement limit ran out. */
        RESOURCE,
        /** The answer is not one the API allows. */
        INVALID_ANSWER,
        /** The JavaScript engine itself failed. */
        INTERNAL
    }

    /** {@code file:line}, or the file alone when no line applies. */
    public String where() {
        return line > 0 ? file + ":" + line : file;
    }

    @Override
    public String toString() {
        return where() + ": " + (hook.isEmpty() ? "" : hook + ": ") + message;
    }
}
