package dev.tunnelkeeper.vpn;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who or what asked the VPN to do what it does: every {@link VpnRequest} and every {@link VpnEvent} carries one, so
 * logs, metrics, the history, the status page and hooks name the same cause.
 */
public enum Cause {
    /** The auto-healer's window elapsed (the built-in policy decided). */
    HEALER("heal window", "heal-window"),
    /** The client died or never came up; the supervisor retries on its own. */
    CRASH("tunnel lost", "tunnel-lost"),
    /** A user asked through the control API (start, stop, switching servers). */
    USER("user", "user"),
    /** A user's hook decided (a heal decision or a switch); the request names the file. */
    HOOK("hook", "hook"),
    /** The kill switch's watch found its rules changed and could not put them back, or put them back. */
    KILL_SWITCH("kill-switch watch", "kill-switch-watch"),
    /** The product's own first start. */
    START_UP("start-up", "stopped"),
    /** The client refused its configuration: no retry can fix it. */
    CONFIGURATION("configuration refused", "stopped"),
    /** The product is shutting down. */
    SHUTDOWN("shutting down", "stopped");

    /** The causes a restart can have: the labels of tunnelkeeper_vpn_restarts_total, in the status page's order. */
    public static final Set<Cause> RESTARTS = EnumSet.of(HEALER, CRASH, USER, HOOK, KILL_SWITCH);

    private final String label;
    private final String hookId;

    Cause(String label, String hookId) {
        this.label = label;
        this.hookId = hookId;
    }

    /** The metric label and the page's data attribute: {@code healer}, {@code kill_switch}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** In a user's words, for the status page: {@code heal window}, {@code tunnel lost}. */
    public String label() {
        return label;
    }

    /** What {@code onTunnelDown}'s {@code cause} says: {@code heal-window}, {@code hook}, ..., {@code stopped}. */
    public String hookId() {
        return hookId;
    }
}
