package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.control.api.ControlRoutes;
import io.helidon.http.Headers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a request may use a route, gluetun's way: the route must be named by a role whose credentials the
 * request presents (a role with auth none takes anyone). Every role is checked, always, so the time taken does not
 * depend on which role matched.
 *
 * <p>401: no role that may use the route accepts the request's credentials, and none other does either.
 * 403: the credentials are those of a role, but that role may not use this route (gluetun answers 401 for both;
 * telling them apart helps a user who has a key but the wrong role, and reveals nothing to one without a key).
 */
public final class Authenticator {
    /** The verdict, and whether basic auth would have been accepted (the 401 then asks the browser for it). */
    public record Decision(Verdict verdict, boolean basicOffered, List<String> roles) {
    }

    public enum Verdict { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

    private final List<RoleCheck> roles;

    public Authenticator(List<Role> roles) {
        List<RoleCheck> checks = new ArrayList<>();
        for (Role role : roles) {
            checks.add(new RoleCheck(role, expand(role.routes())));
        }
        this.roles = List.copyOf(checks);
    }

    /** Whether some role may use the route (with credentials or without): none means it is closed to everyone. */
    public boolean anyRoleCovers(String route) {
        return roles.stream().anyMatch(r -> r.covers(route));
    }

    public Decision decide(String route, Headers headers) {
        Credentials credentials = Credentials.from(headers);
        boolean allowed = false;
        boolean otherRole = false;
        boolean basicOffered = false;
        List<String> matched = new ArrayList<>();
        for (RoleCheck role : roles) {
            boolean accepts = role.accepts(credentials);
            if (role.covers(route)) {
                basicOffered |= role.method() == AuthMethod.BASIC;
                if (accepts) {
                    allowed = true;
                    matched.add(role.name());
                }
            } else if (accepts && role.method() != AuthMethod.NONE) {
                otherRole = true;
            }
        }
        Verdict verdict = allowed ? Verdict.ALLOWED : otherRole ? Verdict.FORBIDDEN : Verdict.UNAUTHENTICATED;
        return new Decision(verdict, basicOffered, List.copyOf(matched));
    }

    private static Set<String> expand(List<String> routes) {
        return routes.contains(ControlRoutes.EVERY_ROUTE) ? new LinkedHashSet<>(ControlRoutes.ALL) : new LinkedHashSet<>(routes);
    }
}
