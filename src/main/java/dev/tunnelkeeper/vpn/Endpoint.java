package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.config.Protocol;

/** Where a VPN client connects: an IP literal, a port and a transport. */
public record Endpoint(String ip, int port, Protocol protocol) {
    @Override
    public String toString() {
        return ip + ":" + port + "/" + protocol.id();
    }
}
