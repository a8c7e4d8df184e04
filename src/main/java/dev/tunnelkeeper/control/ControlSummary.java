package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.ControlSettings.Role;
import dev.tunnelkeeper.config.PublicIpSettings;
import java.util.List;
import java.util.stream.Collectors;

/** The control server's and the public IP lookup's part of the start-up settings summary; secrets masked. */
public final class ControlSummary {
    private ControlSummary() {
    }

    /** Lines in SettingsSummary's tree style, to go between the firewall's and the VPN's. */
    public static List<String> lines(ControlSettings control, PublicIpSettings ip) {
        String roles = control.roles().isEmpty() ? "[none: every route answers 401]"
                : control.roles().stream().map(Role::toString).collect(Collectors.joining("; "));
        return List.of(
                "├── Control server settings:",
                "|   ├── Listening address: " + control.address(),
                "|   ├── Auth config file: " + control.authFile().map(Object::toString).orElse("[none]"),
                "|   └── Roles: " + roles,
                "├── Public IP settings:",
                "|   └── Lookup: " + (ip.enabled() ? "on, API " + ip.apiUrl() + ", file " + ip.file()
                        + ", token " + ip.apiToken().masked() : "off"));
    }
}
