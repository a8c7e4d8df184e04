package dev.tunnelkeeper.control.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Every route of the control listener, written as roles name them: {@code "GET /v1/vpn/status"}. The auth file is
 * checked against this list at start, and the access filter answers 404 and 405 from it, so a route that is not
 * here cannot be reached, and one that is here cannot be forgotten by the auth rules.
 */
public final class ControlRoutes {
    public static final String STATUS_PAGE = "GET /";
    public static final String VPN_STATUS_GET = "GET /v1/vpn/status";
    public static final String VPN_STATUS_PUT = "PUT /v1/vpn/status";
    public static final String OPENVPN_STATUS_GET = "GET /v1/openvpn/status";
    public static final String OPENVPN_STATUS_PUT = "PUT /v1/openvpn/status";
    public static final String PUBLIC_IP = "GET /v1/publicip/ip";
    public static final String PORT_FORWARD = "GET /v1/portforward";
    public static final String OPENVPN_PORT_FORWARDED = "GET /v1/openvpn/portforwarded";
    public static final String SERVERS = "GET /v1/servers";
    public static final String CURRENT_SERVER_GET = "GET /v1/servers/current";
    public static final String CURRENT_SERVER_PUT = "PUT /v1/servers/current";
    public static final String HOOKS = "GET /v1/hooks";
    public static final String HOOKS_RELOAD = "POST /v1/hooks/reload";
    public static final String HEALTH_HISTORY = "GET /v1/health/history";
    public static final String PROBE_ALL = "GET /observe/health";
    public static final String PROBE_LIVE = "GET /observe/health/live";
    public static final String PROBE_READY = "GET /observe/health/ready";
    public static final String PROBE_STARTED = "GET /observe/health/started";
    public static final String METRICS = "GET /observe/metrics";

    /** In the order the documentation lists them. */
    public static final List<String> ALL = List.of(STATUS_PAGE, VPN_STATUS_GET, VPN_STATUS_PUT, OPENVPN_STATUS_GET,
            OPENVPN_STATUS_PUT, PUBLIC_IP, PORT_FORWARD, OPENVPN_PORT_FORWARDED, SERVERS, CURRENT_SERVER_GET, CURRENT_SERVER_PUT, HOOKS, HOOKS_RELOAD,
            HEALTH_HISTORY, PROBE_ALL, PROBE_LIVE, PROBE_READY, PROBE_STARTED, METRICS);

    /**
     * The Kubernetes probes, which the kubelet asks without credentials: open to anyone, status only, unless a role of
     * the auth file names one of them (a role's {@code "*"} does not count).
     */
    public static final List<String> PROBES = List.of(PROBE_LIVE, PROBE_READY, PROBE_STARTED);

    /** What a role's routes may also say: every route. */
    public static final String EVERY_ROUTE = "*";

    private static final Map<String, TreeSet<String>> METHODS_BY_PATH = new LinkedHashMap<>();

    static {
        for (String route : ALL) {
            METHODS_BY_PATH.computeIfAbsent(path(route), p -> new TreeSet<>()).add(method(route));
        }
    }

    private ControlRoutes() {
    }

    /** The methods a path answers, e.g. [GET, PUT]; empty when the path is not a route. */
    public static List<String> methods(String path) {
        return Optional.ofNullable(METHODS_BY_PATH.get(path)).map(List::copyOf).orElse(List.of());
    }

    public static boolean isRoute(String route) {
        return ALL.contains(route);
    }

    public static String route(String method, String path) {
        return method + " " + path;
    }

    /** The path of a route: {@code /v1/vpn/status} for {@code GET /v1/vpn/status}. */
    public static String path(String route) {
        return route.substring(route.indexOf(' ') + 1);
    }

    static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }
}
