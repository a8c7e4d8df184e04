package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.process.OsProcessLauncher;
import dev.tunnelkeeper.process.ProcessLauncher;
import dev.tunnelkeeper.vpn.VpnClient;
import dev.tunnelkeeper.vpn.openvpn.OpenVpnClient;
import dev.tunnelkeeper.vpn.wireguard.WireGuardClient;
import java.time.Duration;

/** Picks the client for VPN_TYPE (here, above vpn/ and its openvpn/ and wireguard/, so none of them knows the others). */
public final class VpnClients {
    /** How long a child may take to exit after SIGTERM before it gets SIGKILL. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private VpnClients() {
    }

    /** The client for VPN_TYPE, running its processes on this machine. */
    public static VpnClient create(VpnSettings settings) {
        return create(settings, new OsProcessLauncher());
    }

    public static VpnClient create(VpnSettings settings, ProcessLauncher launcher) {
        return switch (settings.type()) {
            case OPENVPN -> new OpenVpnClient(settings, launcher, STOP_GRACE);
            case WIREGUARD -> new WireGuardClient(settings, launcher, STOP_GRACE);
        };
    }
}
