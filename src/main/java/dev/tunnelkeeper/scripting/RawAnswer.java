package dev.tunnelkeeper.scripting;

import jakarta.json.JsonValue;

/** What one call of one hook file gave back, before the answer is judged. */
sealed interface RawAnswer {

    /** undefined or null: no opinion, the next file or the built-in answers. */
    record None() implements RawAnswer {
    }

    /** Plain data (JSON.stringify'd in the sandbox, parsed here). */
    record Data(JsonValue value) implements RawAnswer {
    }

    /** Something that is not data: a function, a Promise, too large. */
    record NotData(String what) implements RawAnswer {
    }

    /** The call threw, timed out or ran out of resources. */
    record Failed(HookError error) implements RawAnswer {
    }

    /** The call did not run: the context is busy past the limit, dead or closed. Not the script's error. */
    record Skipped(String why) implements RawAnswer {
    }
}
