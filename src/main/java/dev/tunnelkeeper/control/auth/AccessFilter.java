package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.control.api.ControlRoutes;
import dev.tunnelkeeper.control.api.JsonAnswer;
import dev.tunnelkeeper.log.Log;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;

/**
 * In front of every route of the control listener (the probes and metrics included): 404 for a path that is not a
 * route, 405 for a method the path does not take, then the {@link Authenticator}'s 401 or 403. The refusals carry no
 * secret and are logged at debug level only, so a scanner cannot fill the log.
 */
public final class AccessFilter implements Filter {
    private static final Log LOG = Log.of("control");
    private static final String REALM = "Basic realm=\"tunnelkeeper control\", charset=\"UTF-8\"";

    private final Authenticator authenticator;

    public AccessFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        String method = req.prologue().method().text();
        List<String> methods = ControlRoutes.methods(path);
        if (methods.isEmpty()) {
            JsonAnswer.error(res, Status.NOT_FOUND_404, "no route " + path + " on the control server");
            return;
        }
        if (!methods.contains(method)) {
            res.header(HeaderNames.ALLOW, String.join(", ", methods));
            JsonAnswer.error(res, Status.METHOD_NOT_ALLOWED_405,
                    "method " + method + " is not allowed on " + path + "; valid: " + String.join(", ", methods));
            return;
        }
        String route = ControlRoutes.route(method, path);
        Authenticator.Decision decision = authenticator.decide(route, req.headers());
        switch (decision.verdict()) {
            case ALLOWED -> {
                if (LOG.debugEnabled()) {
                    LOG.debug("access to " + route + " allowed for role " + String.join(", ", decision.roles()));
                }
                chain.proceed();
            }
            case FORBIDDEN -> {
                LOG.debug("access to " + route + " refused (403): the credentials are those of a role that may not use it");
                JsonAnswer.error(res, Status.FORBIDDEN_403, "the credentials sent are valid, but their role may not use "
                        + route + "; a role's routes are set in the auth config file (HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH)");
            }
            case UNAUTHENTICATED -> unauthenticated(res, route, decision);
        }
    }

    private void unauthenticated(RoutingResponse res, String route, Authenticator.Decision decision) {
        if (decision.basicOffered()) {
            res.header(HeaderNames.WWW_AUTHENTICATE, REALM);
        }
        String why = authenticator.anyRoleCovers(route)
                ? "credentials required for " + route + ": the API key (X-API-Key header) or basic auth of a role that may use it"
                : "no role may use " + route + "; name it in a role of the auth config file (HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH) "
                        + "or set HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE";
        LOG.debug("access to " + route + " refused (401): " + (authenticator.anyRoleCovers(route)
                ? "no accepted credentials" : "no role names it"));
        JsonAnswer.error(res, Status.UNAUTHORIZED_401, why);
    }
}
