package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsReader;
import dev.tunnelkeeper.control.auth.AuthFileReader;
import dev.tunnelkeeper.control.auth.DefaultRoleParser;
import dev.tunnelkeeper.control.auth.ProbeRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads HTTP_CONTROL_SERVER_ADDRESS, HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH and HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE
 * with config's readers: one problem line per mistake, naming the variable and what would be
 * valid, so a wrong auth file stops start-up (exit 2) with every mistake listed. Secrets are never in a line.
 * The roles are the file's, then the {@link ProbeRole} for the Kubernetes probes the file does not name, then the
 * default role for every route left over.
 */
public final class ControlSettingsParser {
    public static final HostPort DEFAULT_ADDRESS = new HostPort("", 8000);

    private static final Pattern ANY_FREE_PORT = Pattern.compile("(.*):0");

    private ControlSettingsParser() {
    }

    /**
     * @param settings looks a value up by its env name ({@code RawSettings::get})
     * @param problems where each problem is added, one line each
     */
    public static ControlSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        SettingsReader r = new SettingsReader(settings, problems);
        HostPort address = r.read("HTTP_CONTROL_SERVER_ADDRESS", DEFAULT_ADDRESS,
                "host:port or :port, such as :8000 or 127.0.0.1:8000", ControlSettingsParser::address);
        RawSettings.Value fileValue = settings.apply("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH");
        Optional<Path> file = r.readableFile("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", "the path of a YAML file with the "
                + "control server's roles (see deploy/auth.example.yaml), or unset");
        List<Role> roles = new ArrayList<>(file
                .map(f -> AuthFileReader.read(f, fileValue.describe() + ": ", problems))
                .orElse(List.of()));
        ProbeRole.forProbesNotNamedBy(roles).ifPresent(roles::add);
        RawSettings.Value defaultRole = settings.apply("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE");
        DefaultRoleParser.parse(defaultRole.text(), defaultRole.describe() + ": ", roles, problems).ifPresent(roles::add);
        return new ControlSettings(address, file, roles);
    }

    private static HostPort address(String text) {
        Matcher anyPort = ANY_FREE_PORT.matcher(text.strip());
        if (anyPort.matches() && !anyPort.group(1).contains(":")) {
            return new HostPort(anyPort.group(1), 0); // tests: any free port
        }
        return HostPort.parse(text, 0);
    }
}
