package dev.tunnelkeeper.vpn;

import java.util.List;

/**
 * The VPN client refuses its configuration (openvpn's {@code Options error:} lines): deterministic, so no retry can
 * heal it. Each problem is one line naming the setting (and the line of the user's file), what is wrong and what
 * would be valid, as the settings' problems are.
 */
public final class VpnConfigurationException extends VpnClientException {
    private final List<String> problems;

    public VpnConfigurationException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
