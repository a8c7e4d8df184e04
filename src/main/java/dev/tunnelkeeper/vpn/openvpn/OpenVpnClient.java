package dev.tunnelkeeper.vpn.openvpn;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnClient;
import dev.tunnelkeeper.vpn.VpnClientException;
import dev.tunnelkeeper.vpn.VpnConfigurationException;
import dev.tunnelkeeper.process.ShortCommands;
import dev.tunnelkeeper.process.PrivateDirectory;
import dev.tunnelkeeper.process.ProcessLauncher;
import dev.tunnelkeeper.process.Redactor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * VPN_TYPE=openvpn: runs {@code openvpn --config <built config> OPENVPN_FLAGS...} in the foreground, its
 * configuration and credentials in a private directory that is deleted when the tunnel stops.
 */
public final class OpenVpnClient implements VpnClient {
    private static final Log LOG = Log.of("openvpn");

    private final VpnSettings settings;
    private final ProcessLauncher launcher;
    private final Duration stopGrace;
    private boolean warnedAboutUnusable; // only the supervisor's thread starts clients

    public OpenVpnClient(VpnSettings settings, ProcessLauncher launcher, Duration stopGrace) {
        this.settings = settings;
        this.launcher = launcher;
        this.stopGrace = stopGrace;
    }

    @Override
    public Tunnel start(Connection connection) throws VpnClientException {
        OpenVpnSettings openvpn = settings.openvpn();
        Path configPath = openvpn.customConfig().orElseThrow(() ->
                new VpnClientException("OPENVPN_CUSTOM_CONFIG is not set: openvpn needs your .ovpn file"));
        OpenVpnConfigFile userConfig;
        try {
            userConfig = OpenVpnConfigFile.read(configPath);
        } catch (IOException e) {
            throw new VpnClientException("cannot read OPENVPN_CUSTOM_CONFIG " + configPath + ": " + e.getMessage(), e);
        }
        if (!warnedAboutUnusable) {
            warnedAboutUnusable = true;
            for (OpenVpnConfig.Dropped d : OpenVpnConfig.unusable(userConfig)) {
                LOG.warn("OPENVPN_CUSTOM_CONFIG=\"" + configPath + "\" line " + d.lineNumber() + " (\"" + d.text()
                        + "\") is left out: " + d.why());
            }
        }
        List<String> refused = OpenVpnFileCheck.problems(userConfig, openvpn);
        if (!refused.isEmpty()) {
            throw new VpnConfigurationException(refused);
        }
        PrivateDirectory files = null;
        try {
            files = PrivateDirectory.create("tunnelkeeper-openvpn-");
            Optional<Path> auth = openvpn.user().isEmpty() ? Optional.empty() : Optional.of(files.write("auth",
                    openvpn.user() + "\n" + openvpn.password().value() + "\n", PrivateDirectory.READ_ONLY));
            OpenVpnConfig.Built built = OpenVpnConfig.buildWithOrigins(userConfig, connection, settings.iface(), openvpn, auth);
            Path config = files.write("openvpn.conf", built.text(), PrivateDirectory.READ_WRITE);
            List<String> command = new ArrayList<>(List.of("openvpn", "--config", config.toString()));
            command.addAll(openvpn.flags());
            OpenVpnTunnel tunnel = new OpenVpnTunnel(settings.iface(), connection.endpoint(), files,
                    new ShortCommands(launcher), stopGrace, new Redactor(List.of(openvpn.password())),
                    new OptionErrors(userConfig, built, openvpn));
            LOG.debug("running " + String.join(" ", command));
            // Relative paths in the user's file (ca ca.crt) are relative to that file.
            Path directory = configPath.toAbsolutePath().getParent();
            tunnel.attach(launcher.start(command, Map.of(), directory, tunnel::onLine));
            return tunnel;
        } catch (IOException e) {
            deleteQuietly(files);
            throw new VpnClientException("cannot start openvpn: " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(PrivateDirectory files) {
        if (files == null) {
            return;
        }
        try {
            files.close();
        } catch (IOException e) {
            LOG.error("cannot delete " + files.path() + " (it holds the credentials): " + e.getMessage());
        }
    }
}
