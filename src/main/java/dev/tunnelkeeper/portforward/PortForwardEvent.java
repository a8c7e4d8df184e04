package dev.tunnelkeeper.portforward;

import java.util.List;
import java.util.Optional;

/**
 * The forwarded ports changed: the shape of the {@code onPortForwarded({ports, previous, server})} hook's event.
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

    /**
     * The hook's argument as plain values: {@code {ports: [..], previous: [..], server: "name" or null}}, in that
     * order, for the scripting side to hand to {@code onPortForwarded}.
     */
    public java.util.Map<String, Object> hookArgument() {
        java.util.Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("ports", ports);
        event.put("previous", previous);
        event.put("server", server.orElse(null));
        return java.util.Collections.unmodifiableMap(event);
    }
}
