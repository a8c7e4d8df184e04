package dev.tunnelkeeper.portforward;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The tunnel's gateway, which the NAT-PMP providers ask (as ProtonVPN's clients and gluetun do): the gateway of a
 * route through the tunnel interface in the main table (OpenVPN's redirect-gateway puts 0.0.0.0/1 via it there), else,
 * for tunnels without a gateway route (WireGuard), the first address of the interface's IPv4 network with host part
 * 1 (ProtonVPN's 10.2.0.1 for 10.2.0.2/32 is that with a /24 assumed for /32 addresses).
 */
public final class TunnelGateway {
    private static final Path ROUTES = Path.of("/proc/net/route");

    private TunnelGateway() {
    }

    /** Throws IOException with a message for the log when the interface is gone or has no IPv4 address. */
    public static String find(String iface) throws IOException {
        Optional<String> viaRoute = fromRoutes(Files.readAllLines(ROUTES), iface);
        if (viaRoute.isPresent()) {
            return viaRoute.get();
        }
        NetworkInterface nic;
        try {
            nic = NetworkInterface.getByName(iface);
        } catch (SocketException e) {
            throw new IOException("cannot read interface " + iface + ": " + e.getMessage(), e);
        }
        if (nic == null) {
            throw new IOException("interface " + iface + " does not exist");
        }
        return nic.getInterfaceAddresses().stream()
                .filter(a -> a.getAddress() instanceof Inet4Address)
                .findFirst()
                .map(TunnelGateway::firstHost)
                .orElseThrow(() -> new IOException("interface " + iface + " has no IPv4 address"));
    }

    /** /proc/net/route: "Iface Destination Gateway Flags ..." with addresses as little-endian hex. */
    static Optional<String> fromRoutes(List<String> lines, String iface) {
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || !f[0].equals(iface)) {
                continue;
            }
            long gateway = Long.parseLong(f[2], 16);
            int flags = Integer.parseInt(f[3], 16);
            if (gateway != 0 && (flags & 0x2) != 0) { // RTF_GATEWAY
                return Optional.of((gateway & 0xFF) + "." + (gateway >> 8 & 0xFF) + "." + (gateway >> 16 & 0xFF) + "."
                        + (gateway >> 24 & 0xFF));
            }
        }
        return Optional.empty();
    }

    static String firstHost(InterfaceAddress address) {
        return firstHost(address.getAddress().getAddress(), address.getNetworkPrefixLength());
    }

    static String firstHost(byte[] ip, int prefix) {
        int bits = prefix >= 31 ? 24 : prefix;
        int value = (ip[0] & 0xFF) << 24 | (ip[1] & 0xFF) << 16 | (ip[2] & 0xFF) << 8 | ip[3] & 0xFF;
        int mask = bits == 0 ? 0 : -1 << (32 - bits);
        int first = (value & mask) + 1;
        return (first >>> 24) + "." + (first >> 16 & 0xFF) + "." + (first >> 8 & 0xFF) + "." + (first & 0xFF);
    }
}
