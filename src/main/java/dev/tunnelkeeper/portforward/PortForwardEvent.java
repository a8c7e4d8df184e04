package dev.tunnelkeeper.portforward;

import java.util.List;
import java.util.Optional;

/**
 * The forwarded ports changed, as the port forwarding tells its listeners (the up/down commands, the kill switch, the
 * hooks' {@code onPortForwarded({ports, previous, server})}).
 *
 * @param ports    the ports forwarded from now on; empty when forwarding stopped (tunnel down)
 * @param previous the ports forwarded until now; empty for the first port of a tunnel
 * @param server   the VPN server of the tunnel, when known
 * @param vpnInterface the tunnel interface (VPN_INTERFACE)
 */
public record PortForwardEvent(List<Integer> ports, List<Integer> previous, Optional<String> server, String vpnInterface) {
    public PortForwardEvent {
        ports = List.copyOf(ports);
        previous = List.copyOf(previous);
    }
}
