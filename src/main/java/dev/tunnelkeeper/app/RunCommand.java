package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.config.SettingsLoader;
import dev.tunnelkeeper.config.SettingsSummary;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.log.LogSetup;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.servers.ServerSelector;
import dev.tunnelkeeper.servers.ServerSources;
import dev.tunnelkeeper.scripting.ScriptHost;
import dev.tunnelkeeper.scripting.ScriptedServerSelector;
import java.util.Random;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/** {@code tunnelkeeper run}: load settings (exit 2 on any problem), start everything, stop cleanly on SIGTERM/SIGINT. */
public final class RunCommand {
    private static final Log LOG = Log.of("main");

    private RunCommand() {
    }

    public static int run(Map<String, String> env) {
        Settings settings;
        CatalogConnectionSource servers;
        ScriptHost scripts = null;
        ScriptedServerSelector selector;
        try {
            settings = SettingsLoader.load(env);
            LogSetup.install(settings.logLevel(), System.out);
            SettingsSummary.lines(settings).forEach(l -> Log.of("settings").info(l));
            // The hooks load in the background later; until then their selector answers with the built-in one.
            scripts = ScriptHost.create(settings.hooks(), java.time.InstantSource.system());
            selector = scripts.serverSelector(ServerSelector.of(settings.servers().selection(), new Random()));
            servers = ServerSources.load(settings.servers(), settings.vpn(), java.time.InstantSource.system(), selector);
        } catch (SettingsException e) {
            if (scripts != null) {
                scripts.close();
            }
            System.err.println("tunnelkeeper cannot start: " + e.problems().size() + " problem(s) in the settings:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return 2;
        }

        // Our own handlers instead of shutdown hooks: a stop asked for by the container runtime is a clean exit (0).
        // Installed before anything starts, so a signal that arrives during start-up still stops cleanly.
        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), s -> stopRequested.countDown());

        Application app;
        try {
            app = Application.start(settings, servers, scripts, selector);
        } catch (Application.StartException e) {
            LOG.error("cannot start: " + e.getMessage());
            return e.exitCode();
        }
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("shutting down");
        app.close();
        LOG.info("stopped");
        System.exit(0);
        return 0;
    }
}
