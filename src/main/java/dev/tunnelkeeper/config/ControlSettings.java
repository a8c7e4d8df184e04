package dev.tunnelkeeper.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The control server's settings, parsed and validated (see dev.tunnelkeeper.control.ControlSettingsParser).
 *
 * @param address     HTTP_CONTROL_SERVER_ADDRESS: where the control API, the probes, the metrics and the status page listen
 * @param authFile    HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH, when the file was read
 * @param roles       the roles of that file, in order, then the built-in role that opens the Kubernetes probes the file
 *                    does not name, then the default role (if any) for the routes no role names
 */
public record ControlSettings(HostPort address, Optional<Path> authFile, List<Role> roles) {

    public ControlSettings {
        roles = List.copyOf(roles);
    }

    /** How a role proves who it is. */
    public enum AuthMethod {
        /** Anyone may use the role's routes. */
        NONE,
        /** HTTP basic authentication with the role's username and password. */
        BASIC,
        /** The role's key in the X-API-Key header. */
        APIKEY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One role, gluetun's shape: a name, the routes it may use ("GET /v1/vpn/status"), how it authenticates.
     *
     * @param username empty unless the method is BASIC
     * @param password {@link Secret#NONE} unless the method is BASIC
     * @param apiKey   {@link Secret#NONE} unless the method is APIKEY
     */
    public record Role(String name, AuthMethod auth, String username, Secret password, Secret apiKey, List<String> routes) {
        public Role {
            routes = List.copyOf(routes);
        }

        /** Secrets print masked; the routes are counted, as gluetun's summary does. */
        @Override
        public String toString() {
            return "role " + name + " (" + auth.id() + (auth == AuthMethod.BASIC ? " as " + username : "") + ", "
                    + routes.size() + " routes)";
        }
    }
}
