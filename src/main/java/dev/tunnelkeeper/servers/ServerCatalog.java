package dev.tunnelkeeper.servers;

import java.util.List;

/**
 * Every server tunnelkeeper knows, before filtering.
 *
 * @param source          where they come from, for logs and errors ("config/servers.json", "OPENVPN_CUSTOM_CONFIG=...")
 * @param servers         in the source's order
 * @param fromEnvironment true for gluetun's custom provider: the one server of OPENVPN_CUSTOM_CONFIG or
 *                        WIREGUARD_ENDPOINT_*, which the user named outright, so the SERVER_* filters do not apply
 */
public record ServerCatalog(String source, List<Server> servers, boolean fromEnvironment) {

    public ServerCatalog {
        servers = List.copyOf(servers);
    }
}
