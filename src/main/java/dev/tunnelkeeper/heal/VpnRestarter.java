package dev.tunnelkeeper.heal;

/** What the healer needs from the VPN: a restart request that returns at once (the supervisor does the work on its own thread). */
@FunctionalInterface
public interface VpnRestarter {
    void restart(String reason);
}
