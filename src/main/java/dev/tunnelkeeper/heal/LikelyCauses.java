package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.health.ErrorKind;
import java.util.List;

/**
 * The seed's explanation of a restart: what the last error means (a consequence, not a cause) and the causes,
 * most likely first. Kept in one place so the healer and the VPN clients' hints say the same thing.
 */
public final class LikelyCauses {
    public static final List<String> CAUSES = List.of(
            "the VPN server IP address is no longer valid: update your server information",
            "the VPN server crashed: try other servers, for example with SERVER_REGIONS",
            "the tunnelkeeper image you run misbehaves: try a previous tag",
            "your host firewall blocks outbound connections",
            "your Internet connection is not working: make sure it works",
            "the MTU is too high: lower it with WIREGUARD_MTU or OPENVPN_MSSFIX (see --mssfix)");

    private LikelyCauses() {
    }

    /** One line: the causes, numbered, most likely first. */
    public static String causesLine() {
        StringBuilder b = new StringBuilder("likely causes, most likely first: ");
        for (int i = 0; i < CAUSES.size(); i++) {
            b.append(i == 0 ? "" : "; ").append(i + 1).append(") ").append(CAUSES.get(i));
        }
        return b.toString();
    }

    /** What an error of this kind means, in the seed's words. */
    public static String meaning(ErrorKind kind) {
        return switch (kind) {
            case REFUSED -> "the firewall blocks it because the VPN is not working";
            case NOT_PERMITTED -> "not permitted by the firewall because the VPN is not working";
            case TIMEOUT -> "the VPN server is not responding";
            case UNREACHABLE -> "there is no route to it: the tunnel's routes are gone";
            case DNS -> "the name does not resolve: DNS goes through the tunnel, which is not working";
            case OTHER -> "the check failed";
        };
    }
}
