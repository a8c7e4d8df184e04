package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.WireGuardSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.openvpn.OpenVpnConfigFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * VPN_SERVICE_PROVIDER=custom: the one server the settings describe. OpenVPN: the first {@code remote} of
 * OPENVPN_CUSTOM_CONFIG, with OPENVPN_PROTOCOL and OPENVPN_ENDPOINT_PORT winning over the file. WireGuard:
 * WIREGUARD_ENDPOINT_IP, WIREGUARD_ENDPOINT_PORT and WIREGUARD_PUBLIC_KEY. Built once: a missing piece is reported
 * at start-up, naming the variable.
 */
public final class SingleServerSource implements ConnectionSource {
    public static final int WIREGUARD_DEFAULT_PORT = 51820;
    private static final Log LOG = Log.of("vpn");
    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");
    private static final Pattern IPV6 = Pattern.compile("^[0-9A-Fa-f:.]+$");

    private final Connection connection;

    private SingleServerSource(Connection connection) {
        this.connection = connection;
    }

    /** @throws NoServerException with a message for the user when the settings do not describe a server */
    public static SingleServerSource from(VpnSettings settings) {
        return new SingleServerSource(switch (settings.type()) {
            case OPENVPN -> openVpn(settings.openvpn());
            case WIREGUARD -> wireGuard(settings.wireguard());
        });
    }

    @Override
    public Connection next() {
        return connection;
    }

    public Connection connection() {
        return connection;
    }

    private static Connection openVpn(OpenVpnSettings settings) {
        Path path = settings.customConfig().orElseThrow(() -> new NoServerException(
                "OPENVPN_CUSTOM_CONFIG is not set: give the path of your .ovpn file"));
        OpenVpnConfigFile file;
        try {
            file = OpenVpnConfigFile.read(path);
        } catch (IOException e) {
            throw new NoServerException("OPENVPN_CUSTOM_CONFIG " + path + " cannot be read: " + e.getMessage());
        }
        OpenVpnConfigFile.Remote remote;
        try {
            remote = file.firstRemote().orElseThrow(() -> new NoServerException("OPENVPN_CUSTOM_CONFIG " + path
                    + " has no `remote` line: add one such as `remote 203.0.113.7 1194`"));
        } catch (IllegalArgumentException e) {
            throw new NoServerException("OPENVPN_CUSTOM_CONFIG " + path + ": " + e.getMessage());
        }
        if (!isIpLiteral(remote.host())) {
            // The kill switch lets out only the server's address, before any DNS is possible.
            throw new NoServerException("OPENVPN_CUSTOM_CONFIG " + path + ": the remote `" + remote.host()
                    + "` is not an IP address: write the server's IP address in its `remote` line");
        }
        Protocol protocol = settings.protocol();
        fileProtocol(file, remote).filter(p -> p != protocol).ifPresent(p -> LOG.warn("OPENVPN_PROTOCOL="
                + protocol.id() + " overrides the protocol " + p.id() + " written in " + path));
        int port = settings.endpointPort().or(remote::port).or(file::portOption)
                .orElse(protocol == Protocol.TCP ? 443 : 1194);
        String name = path.getFileName().toString();
        return new Connection(name, new Endpoint(remote.host(), port, protocol), Optional.empty(), "");
    }

    /** The protocol the file asks for: the remote's own, else a {@code proto} line. */
    private static Optional<Protocol> fileProtocol(OpenVpnConfigFile file, OpenVpnConfigFile.Remote remote) {
        return remote.protocol().or(() -> file.firstOption("proto").flatMap(l -> l.arguments().stream().findFirst()))
                .map(p -> p.startsWith("tcp") ? Protocol.TCP : Protocol.UDP);
    }

    private static Connection wireGuard(WireGuardSettings settings) {
        String ip = settings.endpointIp().filter(s -> !s.isBlank()).orElseThrow(() -> new NoServerException(
                "WIREGUARD_ENDPOINT_IP is not set: give the IP address of your WireGuard server"));
        if (!isIpLiteral(ip)) {
            throw new NoServerException("WIREGUARD_ENDPOINT_IP `" + ip + "` is not an IP address");
        }
        String publicKey = settings.publicKey().filter(s -> !s.isBlank()).orElseThrow(() -> new NoServerException(
                "WIREGUARD_PUBLIC_KEY is not set: give your WireGuard server's public key"));
        int port = settings.endpointPort().orElse(WIREGUARD_DEFAULT_PORT);
        return new Connection("custom", new Endpoint(ip, port, Protocol.UDP), Optional.of(publicKey), "");
    }

    private static boolean isIpLiteral(String host) {
        return IPV4.matcher(host).matches() || host.contains(":") && IPV6.matcher(host).matches();
    }
}
