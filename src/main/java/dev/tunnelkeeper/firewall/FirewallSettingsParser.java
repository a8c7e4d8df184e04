package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.RawSettings;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads FIREWALL, FIREWALL_OUTBOUND_SUBNETS, FIREWALL_INPUT_PORTS and FIREWALL_VPN_INPUT_PORTS the way
 * SettingsLoader reads everything else: each bad value adds one line naming the variable, the value and what
 * would be valid, and a safe value is used so that every problem is reported in one go.
 */
public final class FirewallSettingsParser {
    public static final List<String> ENV_NAMES =
            List.of("FIREWALL", "FIREWALL_OUTBOUND_SUBNETS", "FIREWALL_INPUT_PORTS", "FIREWALL_VPN_INPUT_PORTS");

    private static final String SUBNETS = "comma-separated IPv4 CIDRs such as 192.168.1.0/24, or addresses such as 10.0.0.5";
    private static final String PORTS = "comma-separated ports from 1 to 65535, such as 8000,8388";

    private final Function<String, RawSettings.Value> settings;
    private final List<String> problems;

    private FirewallSettingsParser(Function<String, RawSettings.Value> settings, List<String> problems) {
        this.settings = settings;
        this.problems = problems;
    }

    /**
     * @param settings looks a value up by its env name; SettingsLoader passes {@code raw::get}
     * @param problems where each problem is added, one line each
     */
    public static FirewallSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        FirewallSettingsParser parser = new FirewallSettingsParser(settings, problems);
        return new FirewallSettings(
                parser.enabled(),
                parser.subnets("FIREWALL_OUTBOUND_SUBNETS"),
                parser.ports("FIREWALL_INPUT_PORTS"),
                parser.ports("FIREWALL_VPN_INPUT_PORTS"));
    }

    // A bad value keeps the kill switch on: failing closed also applies to typos.
    private boolean enabled() {
        return settings.apply("FIREWALL").bool(true, problems);
    }

    private List<String> subnets(String env) {
        RawSettings.Value v = settings.apply(env);
        Set<String> out = new LinkedHashSet<>();
        for (String part : v.items()) {
            if (part.contains(":")) {
                problem(v, "\"" + part + "\" is IPv6, which the kill switch does not support yet", SUBNETS);
                continue;
            }
            try {
                out.add(Ipv4Cidr.parse(part).toString());
            } catch (IllegalArgumentException e) {
                problem(v, e.getMessage(), SUBNETS);
            }
        }
        return List.copyOf(out);
    }

    private List<Integer> ports(String env) {
        RawSettings.Value v = settings.apply(env);
        Set<Integer> out = new LinkedHashSet<>();
        for (String part : v.items()) {
            int port;
            try {
                port = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                problem(v, "\"" + part + "\" is not a port", PORTS);
                continue;
            }
            if (port < 1 || port > 65535) {
                problem(v, "port " + port + " is out of range", PORTS);
                continue;
            }
            out.add(port);
        }
        return List.copyOf(out);
    }

    private void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }
}
