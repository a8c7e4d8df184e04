package dev.tunnelkeeper.vpn;

/** Starts one kind of VPN client (OpenVPN, WireGuard). Only the supervisor's thread calls it. */
public interface VpnClient {

    /**
     * Starts the client toward this server and returns at once; the tunnel comes up in the background
     * (see {@link Tunnel#ready()}). Throws when the client cannot even be started; nothing is left behind then.
     */
    Tunnel start(Connection connection) throws VpnClientException;
}
