package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.api.ControlRoutes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The built-in role that opens the Kubernetes probes ({@link ControlRoutes#PROBES}) to anyone, since the kubelet sends
 * no credentials; they answer the status only. A role of the auth file that names a probe takes that probe over (with
 * auth basic or apikey it is then closed to others); {@code "*"} names none, and the default role
 * (HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE) never covers a probe this role opens.
 */
public final class ProbeRole {
    public static final String NAME = "built-in probes";

    private ProbeRole() {
    }

    /** The role for the probes that no role of the file names, or none when the file names them all. */
    public static Optional<Role> forProbesNotNamedBy(List<Role> fileRoles) {
        Set<String> named = fileRoles.stream().flatMap(r -> r.routes().stream()).collect(Collectors.toSet());
        List<String> open = ControlRoutes.PROBES.stream().filter(p -> !named.contains(p)).toList();
        return open.isEmpty() ? Optional.empty()
                : Optional.of(new Role(NAME, AuthMethod.NONE, "", Secret.NONE, Secret.NONE, open));
    }

    public static boolean isBuiltIn(Role role) {
        return role.name().equals(NAME) && role.auth() == AuthMethod.NONE;
    }
}
