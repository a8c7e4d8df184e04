package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsReader;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;

/**
 * Reads FIREWALL, FIREWALL_OUTBOUND_SUBNETS, FIREWALL_INPUT_PORTS and FIREWALL_VPN_INPUT_PORTS with config's
 * readers: each bad value adds one line naming the variable, the value and what would be valid, and a safe value is
 * used so that every problem is reported in one go.
 */
public final class FirewallSettingsParser {
    private static final String SUBNETS = "comma-separated IPv4 CIDRs such as 192.168.1.0/24, or addresses such as 10.0.0.5";
    private static final String PORTS = "comma-separated ports from 1 to 65535, such as 8000,8388";

    private FirewallSettingsParser() {
    }

    /**
     * @param settings looks a value up by its env name ({@code RawSettings::get})
     * @param problems where each problem is added, one line each
     */
    public static FirewallSettings parse(Function<String, RawSettings.Value> settings, List<String> problems) {
        SettingsReader r = new SettingsReader(settings, problems);
        return new FirewallSettings(
                r.bool("FIREWALL", true), // a bad value keeps the kill switch on: failing closed also applies to typos
                subnets(r),
                r.ports("FIREWALL_INPUT_PORTS", PORTS),
                r.ports("FIREWALL_VPN_INPUT_PORTS", PORTS));
    }

    private static List<String> subnets(SettingsReader r) {
        return List.copyOf(new LinkedHashSet<>(r.each("FIREWALL_OUTBOUND_SUBNETS", SUBNETS, part -> {
            if (part.contains(":")) {
                throw new IllegalArgumentException("\"" + part + "\" is IPv6, which the kill switch does not support yet");
            }
            return Ipv4Cidr.parse(part).toString();
        })));
    }
}
