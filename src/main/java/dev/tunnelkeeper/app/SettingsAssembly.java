package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.ControlSettings;
import dev.tunnelkeeper.config.CoreSettingsParser;
import dev.tunnelkeeper.config.DnsSettings;
import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.GluetunNames;
import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.SettingsSummary;
import dev.tunnelkeeper.control.ControlSettingsParser;
import dev.tunnelkeeper.control.ControlSummary;
import dev.tunnelkeeper.dns.DnsSettingsParser;
import dev.tunnelkeeper.firewall.FirewallSettingsParser;
import dev.tunnelkeeper.portforward.PortForwardSettingsParser;
import dev.tunnelkeeper.publicip.PublicIpSettingsParser;
import dev.tunnelkeeper.scripting.HookSettingsParser;
import dev.tunnelkeeper.servers.ServerCatalogLoader;
import dev.tunnelkeeper.servers.ServerSettingsParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The settings, assembled where the parts are wired: config/ reads the sources (the environment over the YAML file
 * over the defaults) and parses the core's sections; each feature parses its own section with config/'s readers. So
 * config/ knows no feature, and every problem of every section comes in one round.
 */
public final class SettingsAssembly {
    private SettingsAssembly() {
    }

    /** Loads from this environment (and the YAML file it names or the default one); throws with every problem. */
    public static Settings load(Map<String, String> env) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Settings settings = read(env, problems);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return settings;
    }

    /**
     * The same, adding every problem to {@code problems} and using a safe default in place of each bad value, so
     * that a caller can check more (the servers file) and report everything in one round.
     */
    public static Settings read(Map<String, String> env, List<String> problems) {
        RawSettings raw = RawSettings.read(env, problems);
        ServerSettings servers = ServerSettingsParser.parse(raw::get, problems);
        CoreSettingsParser.Core core = CoreSettingsParser.parse(raw, servers.usesFile(), problems);
        FirewallSettings firewall = FirewallSettingsParser.parse(raw::get, problems);
        ControlSettings control = ControlSettingsParser.parse(raw::get, problems);
        PublicIpSettings publicIp = PublicIpSettingsParser.parse(raw::get, problems);
        HookSettings hooks = HookSettingsParser.parse(raw::get, env, problems);
        DnsSettings dns = DnsSettingsParser.parse(raw::get, problems);
        PortForwardSettings portForward = PortForwardSettingsParser.parse(raw::get, problems);
        GluetunNames.check(env, problems);
        List<String> warnings = new ArrayList<>(raw.warnings());
        warnings.addAll(core.warnings());
        return new Settings(raw.file(), core.logLevel(), core.health(), core.vpn(), core.vpnReadyTimeout(), servers,
                firewall, control, publicIp, hooks, dns, portForward, warnings);
    }

    /** The settings summary logged at start: config/'s tree with the features' parts, secrets masked. */
    public static List<String> summary(Settings settings) {
        return SettingsSummary.lines(settings, ServerCatalogLoader.protocolFromOvpn(settings.servers(), settings.vpn()),
                ControlSummary.lines(settings.control(), settings.publicIp()));
    }
}
