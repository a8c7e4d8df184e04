package dev.tunnelkeeper.heal;

import java.util.Objects;

/**
 * A policy's answer.
 *
 * @param action    restart the VPN now, or wait (let the window run; at its end: skip this restart, grow the window)
 * @param reason    why, in the policy's words; logged and given to the restart
 * @param decidedBy who answered: {@value #BUILT_IN} or a hook file's name, so logs say whose decision it was
 */
public record HealDecision(Action action, String reason, String decidedBy) {
    public static final String BUILT_IN = "built-in";

    public enum Action { WAIT, RESTART }

    public HealDecision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(decidedBy, "decidedBy");
    }

    public boolean restart() {
        return action == Action.RESTART;
    }

    public boolean builtIn() {
        return BUILT_IN.equals(decidedBy);
    }
}
