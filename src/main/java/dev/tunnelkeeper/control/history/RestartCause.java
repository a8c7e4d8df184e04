package dev.tunnelkeeper.control.history;

import java.util.Locale;

/** Why the VPN was restarted: a small fixed set, so it can be a metric label. */
public enum RestartCause {
    /** The auto-healer's window elapsed. */
    HEALER,
    /** The client died or never came up; the supervisor retries on its own. */
    CRASH,
    /** A user asked through the control API (e.g. switching servers). */
    USER,
    /** A user's hook decided to restart. */
    HOOK;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
