package dev.tunnelkeeper.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * WIREGUARD_* settings.
 *
 * @param privateKey          WIREGUARD_PRIVATE_KEY (base64, 32 bytes)
 * @param publicKey           WIREGUARD_PUBLIC_KEY: the server's public key
 * @param presharedKey        WIREGUARD_PRESHARED_KEY (optional)
 * @param addresses           WIREGUARD_ADDRESSES: the client's tunnel addresses in CIDR form
 * @param endpointIp          WIREGUARD_ENDPOINT_IP
 * @param endpointPort        WIREGUARD_ENDPOINT_PORT
 * @param mtu                 WIREGUARD_MTU (default 1320, gluetun's)
 * @param persistentKeepalive WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL (0 = off)
 * @param implementation      WIREGUARD_IMPLEMENTATION: auto, kernelspace or userspace
 * @param allowedIps          WIREGUARD_ALLOWED_IPS: the IPv4 CIDRs routed through the tunnel (default 0.0.0.0/0)
 */
public record WireGuardSettings(
        Secret privateKey,
        Optional<String> publicKey,
        Secret presharedKey,
        List<String> addresses,
        Optional<String> endpointIp,
        Optional<Integer> endpointPort,
        int mtu,
        Duration persistentKeepalive,
        Implementation implementation,
        List<String> allowedIps) {

    /** Everything IPv4 through the tunnel: gluetun's default, 0.0.0.0/0 (its ::/0 has no IPv6 tunnel to go to here). */
    public static final List<String> ALL_IPV4 = List.of("0.0.0.0/0");

    public WireGuardSettings {
        addresses = List.copyOf(addresses);
        allowedIps = List.copyOf(allowedIps);
    }

    /** With every IPv4 destination through the tunnel. */
    public WireGuardSettings(Secret privateKey, Optional<String> publicKey, Secret presharedKey, List<String> addresses,
                             Optional<String> endpointIp, Optional<Integer> endpointPort, int mtu,
                             Duration persistentKeepalive, Implementation implementation) {
        this(privateKey, publicKey, presharedKey, addresses, endpointIp, endpointPort, mtu, persistentKeepalive,
                implementation, ALL_IPV4);
    }

    /** Whether only some destinations go through the tunnel (WIREGUARD_ALLOWED_IPS narrower than 0.0.0.0/0). */
    public boolean splitTunnel() {
        return !allowedIps.contains("0.0.0.0/0");
    }

    public enum Implementation { AUTO, KERNELSPACE, USERSPACE }
}
