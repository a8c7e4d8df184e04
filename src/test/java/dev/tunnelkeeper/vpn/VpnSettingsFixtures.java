package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.config.WireGuardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Settings as the loader would build them, with the defaults of the settings catalogue. */
public final class VpnSettingsFixtures {
    public static final String CLIENT_PRIVATE_KEY = "8GboYh0YF3q/hJhoPFoL3HM/ObgOuC8YI6UXWsgWL2M=";
    public static final String SERVER_PUBLIC_KEY = "gz0fdRSFw1J0LC3ejY8RtlOJEY2rlzfgONC/jMUqqW8=";
    public static final String PRESHARED_KEY = "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=";

    private VpnSettingsFixtures() {
    }

    public static OpenVpnSettings openvpn(Path config) {
        return new OpenVpnSettings(Optional.of(config), "", Secret.NONE, Protocol.UDP, Optional.empty(), 0, List.of(), 1);
    }

    public static WireGuardSettings wireguard() {
        return new WireGuardSettings(new Secret(CLIENT_PRIVATE_KEY), Optional.of(SERVER_PUBLIC_KEY), Secret.NONE,
                List.of("10.64.0.2/32"), Optional.of("10.210.0.1"), Optional.of(51820), 1320, Duration.ofSeconds(25),
                WireGuardSettings.Implementation.AUTO);
    }

    public static VpnSettings openvpnSettings(OpenVpnSettings openvpn, String iface) {
        return new VpnSettings(VpnType.OPENVPN, "custom", iface, openvpn, wireguard());
    }

    public static VpnSettings wireguardSettings(WireGuardSettings wireguard, String iface) {
        return new VpnSettings(VpnType.WIREGUARD, "custom", iface, openvpn(Path.of("/nonexistent.ovpn")), wireguard);
    }
}
