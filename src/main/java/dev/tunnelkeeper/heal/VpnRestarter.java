package dev.tunnelkeeper.heal;

/** What the healer needs from the VPN: a restart request that returns at once (the supervisor does the work on its own thread). */
@FunctionalInterface
public interface VpnRestarter {
    void restart(String reason);

    /**
     * A restart that a policy decided on: {@code decidedBy} is {@value HealDecision#BUILT_IN} or the hook file that
     * answered, so a recorder can tell whose decision it was. The VPN side needs only the reason.
     */
    default void restart(String reason, String decidedBy) {
        restart(reason);
    }
}
