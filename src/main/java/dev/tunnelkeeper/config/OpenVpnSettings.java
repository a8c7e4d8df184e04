package dev.tunnelkeeper.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * OPENVPN_* settings.
 *
 * @param customConfig  OPENVPN_CUSTOM_CONFIG: the user's .ovpn file; its {@code remote} lines are replaced by the selected server
 * @param user          OPENVPN_USER (empty: no auth-user-pass)
 * @param password      OPENVPN_PASSWORD
 * @param protocol      OPENVPN_PROTOCOL: udp or tcp
 * @param endpointPort  OPENVPN_ENDPOINT_PORT: overrides the server's port when present
 * @param mssfix        OPENVPN_MSSFIX: 0 leaves the provider's value
 * @param flags         OPENVPN_FLAGS: extra command-line flags, split on spaces
 * @param verbosity     OPENVPN_VERBOSITY: openvpn's --verb, 0..6
 * @param ciphers       OPENVPN_CIPHERS: data-channel ciphers, the first also the fallback; empty: the file's
 * @param auth          OPENVPN_AUTH: the HMAC digest; empty: the file's
 */
public record OpenVpnSettings(
        Optional<Path> customConfig,
        String user,
        Secret password,
        Protocol protocol,
        Optional<Integer> endpointPort,
        int mssfix,
        List<String> flags,
        int verbosity,
        List<String> ciphers,
        String auth) {

    public OpenVpnSettings {
        flags = List.copyOf(flags);
        ciphers = List.copyOf(ciphers);
    }

    /** Without OPENVPN_CIPHERS and OPENVPN_AUTH: the file's own. */
    public OpenVpnSettings(Optional<Path> customConfig, String user, Secret password, Protocol protocol,
                           Optional<Integer> endpointPort, int mssfix, List<String> flags, int verbosity) {
        this(customConfig, user, password, protocol, endpointPort, mssfix, flags, verbosity, List.of(), "");
    }
}
