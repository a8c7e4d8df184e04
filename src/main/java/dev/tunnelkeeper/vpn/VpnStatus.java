package dev.tunnelkeeper.vpn;

import java.time.Instant;
import java.util.Optional;

/** The supervised VPN's state right now, why it is there, since when, and with which server. */
public record VpnStatus(VpnState state, String reason, Instant since, Optional<Connection> connection) {

    static VpnStatus of(VpnEvent event) {
        return new VpnStatus(event.to(), event.reason(), event.time(), event.connection());
    }
}
