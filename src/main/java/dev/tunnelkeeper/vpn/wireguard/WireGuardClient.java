package dev.tunnelkeeper.vpn.wireguard;

import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnClient;
import dev.tunnelkeeper.vpn.VpnClientException;
import dev.tunnelkeeper.process.ProcessLauncher;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * VPN_TYPE=wireguard: the kernel's WireGuard or wireguard-go (WIREGUARD_IMPLEMENTATION), configured with wg and
 * ip. Ready once a handshake with the server is recorded.
 */
public final class WireGuardClient implements VpnClient {
    private final VpnSettings settings;
    private final ProcessLauncher launcher;
    private final Duration stopGrace;
    // auto: once the kernel turned out to lack WireGuard, later starts go straight to wireguard-go.
    private final AtomicBoolean kernelMayWork = new AtomicBoolean(true);

    public WireGuardClient(VpnSettings settings, ProcessLauncher launcher, Duration stopGrace) {
        this.settings = settings;
        this.launcher = launcher;
        this.stopGrace = stopGrace;
    }

    @Override
    public Tunnel start(Connection connection) throws VpnClientException {
        if (connection.wireGuardPublicKey().isEmpty()) {
            throw new VpnClientException("server " + connection.serverName() + " has no WireGuard public key");
        }
        if (!settings.wireguard().privateKey().isSet()) {
            throw new VpnClientException("WIREGUARD_PRIVATE_KEY is not set");
        }
        WireGuardTunnel tunnel = new WireGuardTunnel(settings.iface(), settings.wireguard(), connection, launcher,
                stopGrace, kernelMayWork);
        tunnel.begin();
        return tunnel;
    }
}
