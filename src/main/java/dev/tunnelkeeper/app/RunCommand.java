package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.health.HealthAddressFile;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.log.LogSetup;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.servers.ServerCatalogLoader;
import dev.tunnelkeeper.servers.ServerSelector;
import dev.tunnelkeeper.servers.ServerSources;
import dev.tunnelkeeper.scripting.ScriptHost;
import dev.tunnelkeeper.scripting.ScriptedServerSelector;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.openvpn.OpenVpnConfigFile;
import dev.tunnelkeeper.vpn.openvpn.OpenVpnFileCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/** {@code tunnelkeeper run}: load settings (exit 2 on any problem), start everything, stop cleanly on SIGTERM/SIGINT. */
public final class RunCommand {
    private static final Log LOG = Log.of("main");

    private RunCommand() {
    }

    /**
     * What makes openvpn refuse the user's .ovpn whatever the server (no CA, a login it cannot ask for): found now, so
     * the start stops with the settings' problems instead of after the kill switch and DNS are up.
     */
    private static List<String> openVpnFileProblems(Settings settings) {
        if (settings.vpn().type() != VpnType.OPENVPN || settings.vpn().openvpn().customConfig().isEmpty()) {
            return List.of();
        }
        try {
            return OpenVpnFileCheck.problems(OpenVpnConfigFile.read(settings.vpn().openvpn().customConfig().get()),
                    settings.vpn().openvpn());
        } catch (IOException e) {
            return List.of(); // an unreadable file is one of the settings' problems already
        }
    }

    public static int run(Map<String, String> env) {
        Settings settings;
        CatalogConnectionSource servers = null;
        ScriptHost scripts = null;
        ScriptedServerSelector selector = null;
        // The one time source: the hooks, the servers' histories, the resolver and the health loop all read it.
        SystemScheduler time = new SystemScheduler("health-loop");
        List<String> problems = new ArrayList<>();
        settings = SettingsAssembly.read(env, problems);
        problems.addAll(openVpnFileProblems(settings));
        LogSetup.install(settings.logLevel(), System.out);
        // gluetun's names tunnelkeeper does not take: one warning each, so none is ignored in silence.
        dev.tunnelkeeper.config.GluetunNames.warnings(env).forEach(w -> Log.of("settings").warn(w));
        settings.warnings().forEach(w -> Log.of("settings").warn(w));
        if (problems.isEmpty()) {
            SettingsAssembly.summary(settings).forEach(l -> Log.of("settings").info(l));
        }
        if (problems.isEmpty()) {
            try {
                // The hooks load in the background later; until then their selector answers with the built-in one.
                scripts = ScriptHost.create(settings.hooks(), settings.firewall().outboundSubnets(), time);
                selector = scripts.serverSelector(ServerSelector.of(settings.servers().selection(), new Random()));
                // Host names resolve with the container's nameservers, read now, before the local resolver takes over.
                servers = ServerSources.load(settings.servers(), settings.vpn(), time, selector,
                        dev.tunnelkeeper.servers.DnsHostResolver.fromResolvConf(settings.dns().resolvConf()));
            } catch (SettingsException e) {
                problems.addAll(e.problems());
            }
        } else if (settings.servers().usesFile()) {
            // A servers file is checked even when other settings are bad, so that every problem comes in one round.
            // The one server of the environment is not: its problems are those of the settings it is made of.
            ServerCatalogLoader.load(settings.servers(), settings.vpn(), problems);
        }
        if (!problems.isEmpty()) {
            if (scripts != null) {
                scripts.close();
            }
            time.close();
            System.err.println("tunnelkeeper cannot start: " + problems.size() + " problem(s) in the settings:");
            problems.forEach(p -> System.err.println("  " + p));
            return 2;
        }

        // Our own handlers instead of shutdown hooks: a stop asked for by the container runtime is a clean exit (0).
        // Installed before anything starts, so a signal that arrives during start-up still stops cleanly.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());
        // openvpn refusing its configuration (an Options error) is a settings problem found late: no retry can fix
        // it, so the product stops as for a bad setting (exit 2), as gluetun stops on a configuration it cannot use.
        AtomicReference<List<String>> refused = new AtomicReference<>();

        Application app;
        try {
            app = Application.start(settings, servers, scripts, Application.Machine.of(settings, time), e -> {
                refused.compareAndSet(null, e.problems());
                stopRequested.countDown();
            });
        } catch (Application.StartException e) {
            time.close();
            LOG.error("cannot start: " + e.getMessage());
            return e.exitCode();
        }
        // healthcheck asks the address the instance really has, whatever source the settings came from.
        Path addressFile = HealthAddressFile.location(env);
        try {
            HealthAddressFile.write(addressFile, settings.health().serverAddress().bindHost(), app.healthPort());
        } catch (IOException e) {
            LOG.warn("cannot write " + addressFile + " (" + e.getMessage() + "): healthcheck falls back to "
                    + "HEALTH_SERVER_ADDRESS from the environment, or 127.0.0.1:9999");
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("shutting down");
        HealthAddressFile.delete(addressFile);
        app.close();
        LOG.info("stopped");
        List<String> configurationProblems = refused.get();
        if (configurationProblems != null) {
            System.err.println("tunnelkeeper cannot continue: " + configurationProblems.size()
                    + " problem(s) in the OpenVPN configuration:");
            configurationProblems.forEach(p -> System.err.println("  " + p));
            System.exit(2);
        }
        System.exit(0);
        return 0;
    }
}
