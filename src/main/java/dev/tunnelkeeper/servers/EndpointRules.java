package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.vpn.Endpoint;
import java.util.Optional;

/**
 * How a server and one of its addresses become an endpoint: the transport and the port.
 *
 * @param openVpnProtocol    OPENVPN_PROTOCOL, used when the server serves it
 * @param openVpnPort        OPENVPN_ENDPOINT_PORT: overrides every OpenVPN server's port
 * @param wireGuardPort      WIREGUARD_ENDPOINT_PORT: overrides every WireGuard server's port
 */
public record EndpointRules(Protocol openVpnProtocol, Optional<Integer> openVpnPort, Optional<Integer> wireGuardPort) {
    static final int OPENVPN_DEFAULT_PORT = 1194;
    static final int WIREGUARD_DEFAULT_PORT = 51820;

    public static EndpointRules of(VpnSettings vpn) {
        return new EndpointRules(vpn.openvpn().protocol(), vpn.openvpn().endpointPort(), vpn.wireguard().endpointPort());
    }

    Endpoint endpoint(Server server, String ip) {
        return new Endpoint(ip, port(server), protocol(server));
    }

    private Protocol protocol(Server server) {
        if (server.vpn() == VpnType.WIREGUARD) {
            return Protocol.UDP;
        }
        // The filter makes file servers serve OPENVPN_PROTOCOL; the .ovpn's own server may say otherwise, and wins.
        if (server.supports(openVpnProtocol)) {
            return openVpnProtocol;
        }
        return openVpnProtocol == Protocol.UDP ? Protocol.TCP : Protocol.UDP;
    }

    private int port(Server server) {
        return switch (server.vpn()) {
            case OPENVPN -> openVpnPort.or(server::port).orElse(OPENVPN_DEFAULT_PORT);
            case WIREGUARD -> wireGuardPort.or(server::port).orElse(WIREGUARD_DEFAULT_PORT);
        };
    }
}
