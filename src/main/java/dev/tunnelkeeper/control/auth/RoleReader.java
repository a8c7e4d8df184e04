package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.AuthMethod;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.control.api.ControlRoutes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one role's fields (from the YAML file or the default role's JSON) into a {@link Role}, adding one problem
 * line per mistake. Secret values never appear in a problem: only which field is wrong.
 */
final class RoleReader {
    static final Set<String> FIELDS = Set.of("name", "auth", "routes", "apikey", "username", "password");
    private static final String FIELD_LIST = "name, auth, routes, apikey, username, password";
    private static final String METHODS = "none, basic or apikey";

    private final String where;
    private final List<String> problems;
    private String prefix;

    /** @param where how problems start: the setting and the role, e.g. {@code HTTP_..._FILEPATH="auth.yaml": role 2} */
    RoleReader(String where, List<String> problems) {
        this.where = where;
        this.problems = problems;
        this.prefix = where + ": ";
    }

    /**
     * @param fields        text values, and a list of texts for routes
     * @param defaultName   the name when none is given (the default role's), or empty when a name is required
     * @param routesAllowed false for the default role, whose routes are the ones no role names
     */
    Optional<Role> read(Map<String, Object> fields, Optional<String> defaultName, boolean routesAllowed) {
        int before = problems.size();
        String name = text(fields, "name", false).orElse(defaultName.orElse(""));
        prefix = where + (name.isEmpty() ? "" : " \"" + name + "\"") + ": ";
        if (name.isEmpty()) {
            problem("\"name\" is missing", "a name for logs, such as \"qbittorrent\"");
        }
        for (String key : fields.keySet()) {
            if (!FIELDS.contains(key) || (!routesAllowed && key.equals("routes"))) {
                problem("unknown key \"" + key + "\"", "keys " + (routesAllowed ? FIELD_LIST : "name, auth, apikey, username, password"
                        + " (the default role covers every route that no role of the file names)"));
            }
        }
        Optional<AuthMethod> method = method(text(fields, "auth", false));
        String username = text(fields, "username", false).orElse("");
        Secret password = new Secret(text(fields, "password", true).orElse(""));
        Secret apiKey = new Secret(text(fields, "apikey", true).orElse(""));
        method.ifPresent(m -> credentialsPresent(m, username, password, apiKey));
        List<String> routes = routesAllowed ? routes(fields.get("routes")) : List.of();
        if (problems.size() > before || method.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Role(name, method.get(), username, password, apiKey, routes));
    }

    private Optional<AuthMethod> method(Optional<String> text) {
        if (text.isEmpty()) {
            problem("\"auth\" is missing", METHODS);
            return Optional.empty();
        }
        try {
            return Optional.of(AuthMethod.valueOf(text.get().strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            problem("auth \"" + text.get() + "\" is not known", METHODS);
            return Optional.empty();
        }
    }

    private void credentialsPresent(AuthMethod method, String username, Secret password, Secret apiKey) {
        switch (method) {
            case APIKEY -> {
                if (!apiKey.isSet()) {
                    problem("auth apikey needs \"apikey\"", "a long random key, such as one printed by `openssl rand -hex 24`");
                }
            }
            case BASIC -> {
                if (username.isEmpty() || !password.isSet()) {
                    problem("auth basic needs \"username\" and \"password\"", "both set, not empty");
                }
            }
            case NONE -> {
                if (!username.isEmpty() || password.isSet() || apiKey.isSet()) {
                    problem("auth none takes no username, password or apikey", "remove them, or use auth basic or apikey");
                }
            }
        }
    }

    private List<String> routes(Object value) {
        String valid = "a list of routes such as [\"GET /v1/vpn/status\", \"PUT /v1/vpn/status\"], or [\"*\"] for every route";
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem("\"routes\" is " + (value == null ? "missing" : "not a list of routes"), valid);
            return List.of();
        }
        List<String> routes = new ArrayList<>();
        for (Object item : list) {
            String route = String.valueOf(item).strip().replaceAll("\\s+", " ");
            if (route.equals(ControlRoutes.EVERY_ROUTE) || ControlRoutes.isRoute(route)) {
                routes.add(route);
            } else {
                problem("route \"" + item + "\" is not a route of the control server",
                        "\"*\" or one of " + String.join(", ", ControlRoutes.ALL));
            }
        }
        return routes;
    }

    private Optional<String> text(Map<String, Object> fields, String key, boolean secret) {
        Object value = fields.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problem("\"" + key + "\" is " + (secret ? "not text" : "not text: " + value), "a single text value");
            return Optional.empty();
        }
        return Optional.of(String.valueOf(value));
    }

    private void problem(String what, String valid) {
        problems.add(prefix + what + "; valid: " + valid);
    }
}
