package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.control.auth.AuthFileReader;
import dev.tunnelkeeper.control.auth.DefaultRoleParser;
import dev.tunnelkeeper.control.auth.ProbeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads HTTP_CONTROL_SERVER_ADDRESS, HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH and HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE
 * the way SettingsLoader reads everything else: one problem line per mistake, naming the variable and what would be
 * valid, so a wrong auth file stops start-up (exit 2) with every mistake listed. Secrets are never in a line.
 * The roles are the file's, then the {@link ProbeRole} for the Kubernetes probes the file does not name, then the
 * default role for every route left over.
 */
public final class ControlSettingsParser {
    public static final List<String> ENV_NAMES = List.of("HTTP_CONTROL_SERVER_ADDRESS",
            "HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", "HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE");
    public static final HostPort DEFAULT_ADDRESS = new HostPort("", 8000);
    /** A missing file at the default path is fine: then only the default role (if any) opens routes. */
    public static final String DEFAULT_AUTH_FILE = "config/auth.yaml";

    private static final Pattern ANY_FREE_PORT = Pattern.compile("(.*):0");

    private ControlSettingsParser() {
    }

    /**
     * @param settings looks a value up by its env name; SettingsLoader passes {@code raw::get}
     * @param problems where each problem is added, one line each
     */
    public static ControlSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        HostPort address = address(settings.apply("HTTP_CONTROL_SERVER_ADDRESS"), problems);
        RawSettings.Value fileValue = settings.apply("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH");
        Optional<Path> file = authFile(fileValue, problems);
        List<Role> roles = new ArrayList<>(file
                .map(f -> AuthFileReader.read(f, fileValue.describe() + ": ", problems))
                .orElse(List.of()));
        ProbeRole.forProbesNotNamedBy(roles).ifPresent(roles::add);
        RawSettings.Value defaultRole = settings.apply("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE");
        DefaultRoleParser.parse(defaultRole.text(), defaultRole.describe() + ": ", roles, problems).ifPresent(roles::add);
        return new ControlSettings(address, file, roles);
    }

    private static HostPort address(RawSettings.Value value, List<String> problems) {
        Matcher anyPort = ANY_FREE_PORT.matcher(value.text().strip());
        if (anyPort.matches() && !anyPort.group(1).contains(":")) {
            return new HostPort(anyPort.group(1), 0); // tests: any free port
        }
        try {
            return HostPort.parse(value.text(), 0);
        } catch (IllegalArgumentException e) {
            problems.add(value.describe() + ": " + e.getMessage() + "; valid: host:port or :port, such as :8000 or 127.0.0.1:8000");
            return DEFAULT_ADDRESS;
        }
    }

    private static Optional<Path> authFile(RawSettings.Value value, List<String> problems) {
        if (!value.isSet()) {
            return Optional.empty();
        }
        Path path = Path.of(value.text());
        if (Files.isRegularFile(path) && Files.isReadable(path)) {
            return Optional.of(path);
        }
        if (!value.isDefault()) {
            problems.add(value.describe() + ": no readable file there; valid: the path of a YAML file with the control "
                    + "server's roles (see deploy/auth.example.yaml), or unset");
        }
        return Optional.empty();
    }
}
