package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.VpnType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the catalogue: the servers file when SERVERS_FILE is set or the default file exists, else the single
 * server of the environment (gluetun's custom provider).
 */
public final class ServerCatalogLoader {

    private ServerCatalogLoader() {
    }

    /**
     * Whether the servers come from a file. Without one, WIREGUARD_ENDPOINT_IP and WIREGUARD_PUBLIC_KEY (or the
     * .ovpn's remote line) name the server and are required; with one they are not used.
     */
    public static boolean usesFile(ServerSettings settings) {
        return settings.fileRequired() || Files.exists(settings.file());
    }

    /**
     * The OpenVPN protocol really used when it does not follow OPENVPN_PROTOCOL: without a servers file, the .ovpn's
     * own remote or proto line wins. Empty when OPENVPN_PROTOCOL applies (or the file cannot be read).
     */
    public static Optional<dev.tunnelkeeper.config.Protocol> protocolFromOvpn(ServerSettings settings, VpnSettings vpn) {
        if (vpn.type() != VpnType.OPENVPN || usesFile(settings)) {
            return Optional.empty();
        }
        return EnvironmentServer.openVpnProtocol(vpn.openvpn()).filter(p -> p != vpn.openvpn().protocol());
    }

    /** The catalogue, or empty with every reason added to {@code problems}. Host names go to the system's resolver. */
    public static Optional<ServerCatalog> load(ServerSettings settings, VpnSettings vpn, List<String> problems) {
        return load(settings, vpn, problems, HostResolver.SYSTEM);
    }

    /** The same with this resolver for the host names of the .ovpn's remotes and of WIREGUARD_ENDPOINT_IP. */
    public static Optional<ServerCatalog> load(ServerSettings settings, VpnSettings vpn, List<String> problems,
                                               HostResolver resolver) {
        if (usesFile(settings)) {
            return fromFile(settings.file(), vpn.provider(), problems);
        }
        String why = "SERVERS_FILE is not set and " + settings.file() + " does not exist";
        return vpn.type() == VpnType.OPENVPN
                ? EnvironmentServer.openvpn(vpn.openvpn(), why, problems, resolver)
                : EnvironmentServer.wireguard(vpn.wireguard(), why, problems, resolver);
    }

    private static Optional<ServerCatalog> fromFile(Path file, String provider, List<String> problems) {
        String valid = "the path of a servers file shaped like config/servers.example.json, or unset to use the "
                + "single server of OPENVPN_CUSTOM_CONFIG or WIREGUARD_ENDPOINT_IP";
        if (!Files.exists(file)) {
            problems.add("SERVERS_FILE=\"" + file + "\": no such file; valid: " + valid);
            return Optional.empty();
        }
        Path read = file;
        if (ServersDirectory.isLayout(file)) {
            // gluetun's newer layout: a manifest and one file per provider; only the provider's file is read.
            Optional<Path> providerFile = ServersDirectory.providerFile(file, provider, problems);
            if (providerFile.isEmpty()) {
                return Optional.empty();
            }
            read = providerFile.get();
        }
        List<Server> servers = ServersFileReader.read(read, provider, problems);
        return servers.isEmpty() ? Optional.empty() : Optional.of(new ServerCatalog(read.toString(), servers, false));
    }
}
