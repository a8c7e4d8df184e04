package dev.tunnelkeeper.portforward;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The port forwarded now.
 *
 * @param port            where connections arrive in the tunnel: what the application listens on, the status file
 *                        and the control API show, and the kill switch opens
 * @param publicPort      what the far side dials on the gateway's public address (usually the same as port)
 * @param gateway         the NAT-PMP gateway asked, inside the tunnel
 * @param externalAddress the public address the gateway reported, when it did
 * @param server          the VPN server of the tunnel
 * @param since           when this port was first granted
 * @param expires         when the current lease runs out unless renewed
 */
public record ForwardedPort(int port, int publicPort, String gateway, Optional<String> externalAddress,
                            Optional<String> server, Instant since, Instant expires) {

    /** gluetun's list form; one port for the NAT-PMP providers. */
    public List<Integer> ports() {
        return List.of(port);
    }

    ForwardedPort renewed(Instant newExpiry) {
        return new ForwardedPort(port, publicPort, gateway, externalAddress, server, since, newExpiry);
    }
}
