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
        Implementation implementation) {

    public WireGuardSettings {
        addresses = List.copyOf(addresses);
    }

    public enum Implementation { AUTO, KERNELSPACE, USERSPACE }
}
