package dev.tunnelkeeper.config;

import java.time.Duration;
import java.util.List;

/**
 * The health loop and the auto-healer, as gluetun's HEALTH_* variables set them.
 *
 * @param targets         HEALTH_TARGET_ADDRESSES, or HEALTH_TARGET_ADDRESS alone: tried in turn within one check
 * @param serverAddress   HEALTH_SERVER_ADDRESS
 * @param successWait     HEALTH_SUCCESS_WAIT_DURATION: the gap after a successful check
 * @param vpnInitial      HEALTH_VPN_DURATION_INITIAL: the first unhealthy window before a restart
 * @param vpnAddition     HEALTH_VPN_DURATION_ADDITION: added to the window after each restart
 * @param restartVpn      HEALTH_RESTART_VPN: off keeps logging but never restarts
 */
public record HealthSettings(
        List<HostPort> targets,
        HostPort serverAddress,
        Duration successWait,
        Duration vpnInitial,
        Duration vpnAddition,
        boolean restartVpn) {

    public HealthSettings {
        targets = List.copyOf(targets);
    }
}
