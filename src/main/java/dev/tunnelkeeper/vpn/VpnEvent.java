package dev.tunnelkeeper.vpn;

import java.time.Instant;
import java.util.Optional;

/**
 * One state change of the supervised VPN. Logs, metrics, the status page and hooks all read these.
 *
 * @param connection the server of the attempt this change belongs to (empty when no server was chosen)
 */
public record VpnEvent(VpnState from, VpnState to, String reason, Instant time, Optional<Connection> connection) {
}
