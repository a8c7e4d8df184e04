package dev.tunnelkeeper.control.auth;

import dev.tunnelkeeper.config.ControlSettings.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the roles of the auth config file, gluetun's TOML shape written in YAML:
 * <pre>
 * roles:
 *   - name: qbittorrent
 *     routes: ["GET /v1/vpn/status", "PUT /v1/vpn/status"]
 *     auth: apikey          # none, basic or apikey
 *     apikey: "..."         # basic: username and password
 * </pre>
 */
public final class AuthFileReader {
    private AuthFileReader() {
    }

    /** @param where how problems start, e.g. {@code HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH="x.yaml": } */
    public static List<Role> read(Path file, String where, List<String> problems) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
        } catch (MarkedYAMLException e) {
            problems.add(where + "not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem()
                    + "; valid: a YAML file with a list of roles under \"roles:\"");
            return List.of();
        } catch (YAMLException | IOException e) {
            problems.add(where + "cannot be read: " + e.getMessage() + "; valid: a readable YAML file");
            return List.of();
        }
        if (root == null) {
            return List.of();
        }
        if (!(root instanceof Map<?, ?> top) || !top.keySet().stream().allMatch("roles"::equals)) {
            problems.add(where + "the top level must hold only \"roles:\"; valid: roles: [{name: ..., routes: [...], auth: ...}]");
            return List.of();
        }
        Object list = top.get("roles");
        if (list == null) {
            return List.of();
        }
        if (!(list instanceof List<?> entries)) {
            problems.add(where + "\"roles\" is not a list; valid: a list of roles, each with name, routes and auth");
            return List.of();
        }
        List<Role> roles = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String roleWhere = where + "role " + (i + 1) + " of " + entries.size();
            if (!(entries.get(i) instanceof Map<?, ?> fields)) {
                problems.add(roleWhere + " is not a mapping; valid: name, routes and auth keys");
                continue;
            }
            new RoleReader(roleWhere, problems).read(asFields(fields), Optional.empty(), true).ifPresent(roles::add);
        }
        return roles;
    }

    private static Map<String, Object> asFields(Map<?, ?> map) {
        Map<String, Object> fields = new LinkedHashMap<>();
        map.forEach((k, v) -> fields.put(String.valueOf(k), v));
        return fields;
    }
}
