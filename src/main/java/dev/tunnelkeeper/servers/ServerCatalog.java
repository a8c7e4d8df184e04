package dev.tunnelkeeper.servers;

import java.util.List;
import java.util.Map;

/**
 * Every server tunnelkeeper knows, before filtering.
 *
 * @param source          where they come from, for logs and errors ("config/servers.json", "OPENVPN_CUSTOM_CONFIG=...")
 * @param servers         in the source's order
 * @param fromEnvironment true for gluetun's custom provider: the one server of OPENVPN_CUSTOM_CONFIG or
 *                        WIREGUARD_ENDPOINT_*, which the user named outright, so the SERVER_* filters do not apply
 * @param names           the host names resolved into servers' addresses at start, with their answers: these are
 *                        asked again later ({@link NameRefresh})
 */
public record ServerCatalog(String source, List<Server> servers, boolean fromEnvironment, Map<String, HostAnswer> names) {

    public ServerCatalog {
        servers = List.copyOf(servers);
        names = Map.copyOf(names);
    }

    public ServerCatalog(String source, List<Server> servers, boolean fromEnvironment) {
        this(source, servers, fromEnvironment, Map.of());
    }
}
