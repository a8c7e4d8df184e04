package dev.tunnelkeeper.control.history;

import java.util.Locale;

/** Why the VPN was restarted: a small fixed set, so it can be a metric label. */
public enum RestartCause {
    /** The auto-healer's window elapsed. */
    HEALER("heal window"),
    /** The client died or never came up; the supervisor retries on its own. */
    CRASH("tunnel lost"),
    /** A user asked through the control API (e.g. switching servers). */
    USER("user"),
    /** A user's hook decided to restart (the history keeps which file). */
    HOOK("hook"),
    /** The kill switch's watch found its rules changed and could not put them back: the VPN is stopped until it can. */
    KILL_SWITCH("kill-switch watch");

    private final String label;

    RestartCause(String label) {
        this.label = label;
    }

    /** The metric label and the page's data attribute: {@code healer}, {@code kill_switch}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In a user's words, for the status page: {@code heal window}, {@code tunnel lost}. */
    public String label() {
        return label;
    }
}
