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
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * gluetun's custom provider as a catalogue of one: the server of OPENVPN_CUSTOM_CONFIG's remote line, or of
 * WIREGUARD_ENDPOINT_IP / _PORT / WIREGUARD_PUBLIC_KEY. Used when there is no servers file.
 */
final class EnvironmentServer {
    private static final dev.tunnelkeeper.log.Log LOG = dev.tunnelkeeper.log.Log.of("servers");
    private EnvironmentServer() {
    }

    /**
     * Every remote of the .ovpn is a server to choose from; a host name is resolved now, before the kill switch
     * closes, and each of its IPv4 addresses is an address of that server.
     *
     * @param why what the user would otherwise use, for the error when there is no server here either
     */
    static Optional<ServerCatalog> openvpn(OpenVpnSettings settings, String why, List<String> out, HostResolver resolver) {
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
        List<OpenVpnRemote> remotes = OpenVpnRemote.parseAll(lines, settings.protocol(), problems);
        List<Server> servers = new ArrayList<>();
        Map<String, HostAnswer> names = new HashMap<>();
        for (int i = 0; i < remotes.size(); i++) {
            OpenVpnRemote remote = remotes.get(i);
            boolean name = !IpAddresses.isIpv4(remote.host());
            List<String> ips = name ? resolve(remote.host(), resolver, problems, names) : List.of(remote.host());
            if (ips.isEmpty()) {
                continue;
            }
            // One remote is named after its file, as the user knows that server; several after their hosts.
            String serverName = remotes.size() == 1 ? String.valueOf(file.getFileName())
                    : remotes.stream().filter(r -> r.host().equals(remote.host())).count() > 1
                            ? remote.host() + ":" + remote.port() : remote.host();
            servers.add(new Server(i, VpnType.OPENVPN, "", "", "", name ? remote.host() : "", serverName, ips,
                    remote.protocol() == Protocol.TCP, remote.protocol() == Protocol.UDP, Optional.empty(),
                    Optional.of(remote.port())));
        }
        return servers.isEmpty() || servers.size() < remotes.size() ? Optional.empty()
                : Optional.of(new ServerCatalog(source, servers, true, names));
    }

    private static List<String> resolve(String host, HostResolver resolver, Problems problems, Map<String, HostAnswer> names) {
        try {
            HostAnswer answer = names.containsKey(host) ? names.get(host) : resolver.resolve(host);
            List<String> ips = answer.ipv4();
            if (!names.containsKey(host)) {
                LOG.info(host + " resolved to " + String.join(", ", ips) + " (before the kill switch closes)");
            }
            names.put(host, answer);
            return ips;
        } catch (java.net.UnknownHostException e) {
            problems.add("cannot resolve " + host + " (" + e.getMessage() + ")", "a host name the container's resolver "
                    + "knows, or the server's IPv4 address");
            return List.of();
        }
    }

    /**
     * The protocol the .ovpn's first server is reached over (its remote or proto line, else OPENVPN_PROTOCOL); empty
     * if unreadable. Resolves nothing.
     */
    static Optional<Protocol> openVpnProtocol(OpenVpnSettings settings) {
        if (settings.customConfig().isEmpty()) {
            return Optional.empty();
        }
        try {
            List<String> lines = Files.readAllLines(settings.customConfig().get(), StandardCharsets.UTF_8);
            return OpenVpnRemote.parse(lines, settings.protocol(), new Problems("", new ArrayList<>())).map(OpenVpnRemote::protocol);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The server of WIREGUARD_ENDPOINT_IP; a host name there is resolved now, before the kill switch closes. */
    static Optional<ServerCatalog> wireguard(WireGuardSettings settings, String why, List<String> out, HostResolver resolver) {
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
        String source = "WIREGUARD_ENDPOINT_IP=\"" + ip + "\"";
        boolean name = !IpAddresses.isIpv4(ip);
        Map<String, HostAnswer> names = new HashMap<>();
        List<String> ips = name ? resolve(ip, resolver, new Problems(source, out), names) : List.of(ip);
        if (ips.isEmpty()) {
            return Optional.empty();
        }
        // Without a name it is called by its address, like an unnamed server of a file.
        Server server = new Server(0, VpnType.WIREGUARD, "", "", "", name ? ip : "", "", ips, false, true,
                settings.publicKey(), Optional.of(settings.endpointPort().orElse(EndpointRules.WIREGUARD_DEFAULT_PORT)));
        return Optional.of(new ServerCatalog(source, List.of(server), true, names));
    }
}
