package dev.tunnelkeeper.config;

import java.net.URI;
import java.nio.file.Path;

/**
 * The public IP lookup's settings, parsed and validated (see dev.tunnelkeeper.publicip.PublicIpSettingsParser).
 *
 * @param enabled  PUBLICIP_ENABLED: off never asks
 * @param apiUrl   PUBLICIP_API_URL: an http(s) URL answering JSON with "ip" (ipinfo's shape) or a bare address
 * @param file     PUBLICIP_FILE: where the address is written while the tunnel is up
 * @param apiToken PUBLICIP_API_TOKEN: sent as a bearer token when set
 */
public record PublicIpSettings(boolean enabled, URI apiUrl, Path file, Secret apiToken) {
}
