package dev.tunnelkeeper.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Port forwarding, parsed and validated (see dev.tunnelkeeper.portforward.PortForwardSettingsParser).
 *
 * @param enabled        VPN_PORT_FORWARDING
 * @param provider       VPN_PORT_FORWARDING_PROVIDER, or VPN_SERVICE_PROVIDER when that is empty: "protonvpn" or
 *                       "natpmp" (any gateway speaking NAT-PMP); empty when port forwarding is off
 * @param statusFile     VPN_PORT_FORWARDING_STATUS_FILE: the ports, one a line, while forwarded
 * @param upCommand      VPN_PORT_FORWARDING_UP_COMMAND, empty: none
 * @param downCommand    VPN_PORT_FORWARDING_DOWN_COMMAND, empty: none
 * @param lifetime       VPN_PORT_FORWARDING_LIFETIME: the lease asked for; renewed after three quarters of it
 * @param qbittorrentUrl VPN_PORT_FORWARDING_QBITTORRENT_URL: the WebUI whose listen port is kept in sync
 * @param qbittorrentUser     VPN_PORT_FORWARDING_QBITTORRENT_USER
 * @param qbittorrentPassword VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD
 */
public record PortForwardSettings(boolean enabled, String provider, Path statusFile, String upCommand,
                                  String downCommand, Duration lifetime, Optional<URI> qbittorrentUrl,
                                  String qbittorrentUser, Secret qbittorrentPassword) {
    public static final PortForwardSettings OFF = new PortForwardSettings(false, "", Path.of("/tmp/gluetun/forwarded_port"),
            "", "", Duration.ofSeconds(60), Optional.empty(), "admin", Secret.NONE);
}
