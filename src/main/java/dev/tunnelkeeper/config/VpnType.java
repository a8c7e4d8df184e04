package dev.tunnelkeeper.config;

/** VPN_TYPE. */
public enum VpnType {
    OPENVPN, WIREGUARD;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
