package dev.tunnelkeeper.heal;

/**
 * What the healer needs from the VPN: a restart request that returns at once (the supervisor does the work on its own
 * thread). The composition root turns it into the supervisor's request, whose cause is the healer's window or, when a
 * hook file decided, that hook.
 */
@FunctionalInterface
public interface VpnRestarter {
    /** @param decidedBy {@value HealDecision#BUILT_IN} or the hook file that answered */
    void restart(String reason, String decidedBy);
}
