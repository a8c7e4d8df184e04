package dev.tunnelkeeper.vpn;

import java.util.Optional;

/**
 * One server chosen for one connect attempt.
 *
 * @param serverName         the name logs, hooks and the API use
 * @param endpoint           where to connect
 * @param wireGuardPublicKey the server's WireGuard public key (WireGuard only)
 * @param location           "country/region/city" for the log line, empty parts allowed
 */
public record Connection(String serverName, Endpoint endpoint, Optional<String> wireGuardPublicKey, String location) {
}
