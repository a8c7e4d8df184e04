package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.log.Log;

/** A restarter for when no VPN is supervised (tests of the health loop alone): it only says what it was asked. */
public final class LoggingRestarter implements VpnRestarter {
    private static final Log LOG = Log.of("vpn");

    @Override
    public void restart(String reason) {
        LOG.warn("restart requested (" + reason + ") but no VPN client is supervised");
    }
}
