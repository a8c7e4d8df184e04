package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.config.WireGuardSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * gluetun's custom provider as a catalogue of one: the server of OPENVPN_CUSTOM_CONFIG's remote line, or of
 * WIREGUARD_ENDPOINT_IP / _PORT / WIREGUARD_PUBLIC_KEY. Used when there is no servers file.
 */
final class EnvironmentServer {
    private EnvironmentServer() {
    }

    /** @param why what the user would otherwise use, for the error when there is no server here either */
    static Optional<ServerCatalog> openvpn(OpenVpnSettings settings, String why, List<String> out) {
        if (settings.customConfig().isEmpty()) {
            out.add("no server to connect to: " + why + " and OPENVPN_CUSTOM_CONFIG is not set; valid: a servers file "
                    + "(SERVERS_FILE), or OPENVPN_CUSTOM_CONFIG naming an .ovpn file with a remote line");
            return Optional.empty();
        }
        Path file = settings.customConfig().get();
        String source = "OPENVPN_CUSTOM_CONFIG=\"" + file + "\"";
        Problems problems = new Problems(source, out);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            problems.add("cannot be read: " + e.getMessage(), "a readable .ovpn file");
            return Optional.empty();
        }
        return OpenVpnRemote.parse(lines, settings.protocol(), problems).map(remote -> {
            // Named after its file: the file is how the user knows this server.
            Server server = new Server(0, VpnType.OPENVPN, "", "", "", "", String.valueOf(file.getFileName()),
                    List.of(remote.ip()), remote.protocol() == Protocol.TCP, remote.protocol() == Protocol.UDP,
                    Optional.empty(), Optional.of(remote.port()));
            return new ServerCatalog(source, List.of(server), true);
        });
    }

    /** The protocol the .ovpn's own server is reached over (its remote or proto line, else OPENVPN_PROTOCOL); empty if unreadable. */
    static Optional<Protocol> openVpnProtocol(OpenVpnSettings settings) {
        List<String> ignored = new ArrayList<>();
        return openvpn(settings, "", ignored).map(catalog -> catalog.servers().get(0).tcp() ? Protocol.TCP : Protocol.UDP);
    }

    static Optional<ServerCatalog> wireguard(WireGuardSettings settings, String why, List<String> out) {
        List<String> missing = new ArrayList<>();
        if (settings.endpointIp().isEmpty()) {
            missing.add("WIREGUARD_ENDPOINT_IP");
        }
        if (settings.publicKey().isEmpty()) {
            missing.add("WIREGUARD_PUBLIC_KEY");
        }
        if (!missing.isEmpty()) {
            out.add("no server to connect to: " + why + " and " + String.join(" and ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " not set; valid: a servers file (SERVERS_FILE), "
                    + "or WIREGUARD_ENDPOINT_IP and WIREGUARD_PUBLIC_KEY naming the server");
            return Optional.empty();
        }
        String ip = settings.endpointIp().get();
        // No name: like an unnamed server of a file, it is called by its address.
        Server server = new Server(0, VpnType.WIREGUARD, "", "", "", "", "", List.of(ip), false, true,
                settings.publicKey(), Optional.of(settings.endpointPort().orElse(EndpointRules.WIREGUARD_DEFAULT_PORT)));
        return Optional.of(new ServerCatalog("WIREGUARD_ENDPOINT_IP=\"" + ip + "\"", List.of(server), true));
    }
}
