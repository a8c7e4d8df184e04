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
 * @param defaults           the provider's ports, for servers whose entry gives none
 */
public record EndpointRules(Protocol openVpnProtocol, Optional<Integer> openVpnPort, Optional<Integer> wireGuardPort,
                            ProviderPorts defaults) {
    static final int WIREGUARD_DEFAULT_PORT = ProviderPorts.GENERIC.wireGuard();

    /** With the generic ports (gluetun's custom provider). */
    public EndpointRules(Protocol openVpnProtocol, Optional<Integer> openVpnPort, Optional<Integer> wireGuardPort) {
        this(openVpnProtocol, openVpnPort, wireGuardPort, ProviderPorts.GENERIC);
    }

    public static EndpointRules of(VpnSettings vpn) {
        return new EndpointRules(vpn.openvpn().protocol(), vpn.openvpn().endpointPort(), vpn.wireguard().endpointPort(),
                ProviderPorts.of(vpn.provider()));
    }

    Endpoint endpoint(Server server, String ip) {
        Protocol protocol = protocol(server);
        return new Endpoint(ip, port(server, protocol), protocol);
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

    /** For the start-up line: the port servers without one get, and whose default it is (or the setting that wins). */
    String describePorts(VpnType vpn) {
        if (vpn == VpnType.WIREGUARD) {
            return wireGuardPort.map(p -> "port " + p + " (WIREGUARD_ENDPOINT_PORT)")
                    .orElseGet(() -> "servers without a port: " + defaults.wireGuardPort() + whose());
        }
        return openVpnPort.map(p -> "port " + p + " (OPENVPN_ENDPOINT_PORT)")
                .orElseGet(() -> "servers without a port: " + defaults.openVpn(openVpnProtocol) + "/" + openVpnProtocol.id() + whose());
    }

    private String whose() {
        return defaults.provider().isEmpty() ? "" : " (" + defaults.provider() + "'s default)";
    }

    /** The setting's port, else the server's own, else the provider's for that transport. */
    private int port(Server server, Protocol protocol) {
        return switch (server.vpn()) {
            case OPENVPN -> openVpnPort.or(server::port).orElseGet(() -> defaults.openVpn(protocol));
            case WIREGUARD -> wireGuardPort.or(server::port).orElseGet(defaults::wireGuardPort);
        };
    }
}
