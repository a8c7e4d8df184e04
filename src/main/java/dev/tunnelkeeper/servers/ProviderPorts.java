package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.Protocol;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The ports a provider's servers listen on when its servers file gives none (gluetun's servers.json carries no port
 * for most providers): OpenVPN over TCP, OpenVPN over UDP, WireGuard. The values are gluetun's per-provider defaults
 * (internal/provider/&lt;name&gt;/connection.go); 0 where gluetun knows none (the provider does not serve that transport),
 * and then the generic port is used.
 *
 * @param provider   the provider's name as the table writes it, or "" for the generic ports
 * @param openVpnTcp OpenVPN over TCP
 * @param openVpnUdp OpenVPN over UDP
 * @param wireGuard  WireGuard
 */
public record ProviderPorts(String provider, int openVpnTcp, int openVpnUdp, int wireGuard) {
    /** gluetun's own defaults for a server of unknown provenance (its custom provider, its example provider). */
    public static final ProviderPorts GENERIC = new ProviderPorts("", 443, 1194, 51820);

    private static final Map<String, ProviderPorts> BY_PROVIDER = Map.ofEntries(
            entry("airvpn", 443, 1194, 1637),
            entry("azirevpn", 0, 0, 51820),
            entry("cryptostorm", 443, 443, 443),
            entry("cyberghost", 443, 443, 0),
            entry("expressvpn", 0, 1195, 0),
            entry("fastestvpn", 4443, 4443, 51820),
            entry("giganews", 0, 443, 0),
            entry("hidemyass", 8080, 553, 0),
            entry("ipvanish", 0, 443, 0),
            entry("ivpn", 443, 1194, 58237),
            entry("mullvad", 443, 1194, 51820),
            entry("nordvpn", 443, 1194, 51820),
            entry("ovpn", 443, 1194, 9929),
            entry("perfect privacy", 443, 443, 0),
            entry("privado", 0, 1194, 0),
            // PIA's "normal" certificates; its "strong" ones (ca.rsa.4096.crt) are served on 501/tcp and 1197/udp.
            entry("private internet access", 502, 1198, 0),
            entry("privatevpn", 443, 1194, 0),
            entry("protonvpn", 443, 1194, 51820),
            entry("purevpn", 80, 53, 0),
            entry("slickvpn", 443, 443, 0),
            entry("surfshark", 1443, 1194, 51820),
            entry("torguard", 1912, 1912, 0),
            entry("vpn unlimited", 0, 1197, 0),
            entry("vpnsecure", 110, 1282, 0),
            entry("vyprvpn", 0, 443, 0),
            entry("wevpn", 1195, 1194, 0),
            entry("windscribe", 443, 443, 1194));

    /** The provider's ports, by VPN_SERVICE_PROVIDER (case, spaces, dots and dashes ignored); empty when unknown. */
    public static Optional<ProviderPorts> known(String provider) {
        return Optional.ofNullable(BY_PROVIDER.get(key(provider)));
    }

    /** The provider's ports, or the generic ones for custom and unknown providers. */
    public static ProviderPorts of(String provider) {
        return known(provider).orElse(GENERIC);
    }

    /** The OpenVPN port over {@code protocol}, the generic one where the provider has none. */
    public int openVpn(Protocol protocol) {
        int port = protocol == Protocol.TCP ? openVpnTcp : openVpnUdp;
        return port != 0 ? port : GENERIC.openVpn(protocol);
    }

    /** The WireGuard port, the generic one where the provider has none. */
    public int wireGuardPort() {
        return wireGuard != 0 ? wireGuard : GENERIC.wireGuard;
    }

    private static Map.Entry<String, ProviderPorts> entry(String name, int tcp, int udp, int wg) {
        return Map.entry(key(name), new ProviderPorts(name, tcp, udp, wg));
    }

    // gluetun writes "private internet access" in VPN_SERVICE_PROVIDER and servers.json; users also write pia-like
    // variants ("Private-Internet-Access", "vpnsecure.me"): compare letters and digits only.
    private static String key(String name) {
        String k = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return k.equals("vpnsecureme") ? "vpnsecure" : k;
    }
}
