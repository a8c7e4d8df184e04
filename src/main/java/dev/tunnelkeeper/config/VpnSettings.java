package dev.tunnelkeeper.config;

/**
 * The VPN client's settings, gluetun's names.
 *
 * @param type       VPN_TYPE: openvpn or wireguard
 * @param provider   VPN_SERVICE_PROVIDER: "custom" (the only provider without a servers file)
 * @param iface      VPN_INTERFACE: the tunnel interface name (default tun0; for wireguard gluetun uses wg0)
 * @param openvpn    OPENVPN_* settings
 * @param wireguard  WIREGUARD_* settings
 */
public record VpnSettings(VpnType type, String provider, String iface, OpenVpnSettings openvpn, WireGuardSettings wireguard) {
}
