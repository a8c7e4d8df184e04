package dev.tunnelkeeper.config;

import dev.tunnelkeeper.log.LogSetup.LogLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Every setting, parsed and validated once at start. Immutable.
 *
 * @param file            the YAML file that was read, if any
 * @param logLevel        LOG_LEVEL
 * @param health          HEALTH_*
 * @param vpn             VPN_TYPE, VPN_INTERFACE, OPENVPN_*, WIREGUARD_*
 * @param vpnReadyTimeout VPN_READY_TIMEOUT
 * @param servers         SERVERS_FILE, SERVER_* filters and selection
 * @param firewall        FIREWALL, FIREWALL_*: the kill switch
 * @param hooks           SCRIPTS_DIR, HOOK_*: the JavaScript hooks
 * @param dns             DNS_*, DOT*: the local resolver
 * @param portForward     VPN_PORT_FORWARDING*: the NAT-PMP lease and where the port goes
 * @param warnings        what was set and is not used, with what happens instead, for the start-up log
 */
public record Settings(
        Optional<Path> file,
        LogLevel logLevel,
        HealthSettings health,
        VpnSettings vpn,
        Duration vpnReadyTimeout,
        ServerSettings servers,
        FirewallSettings firewall,
        ControlSettings control,
        PublicIpSettings publicIp,
        HookSettings hooks,
        DnsSettings dns,
        PortForwardSettings portForward,
        List<String> warnings) {
    public Settings {
        warnings = List.copyOf(warnings);
    }
}
