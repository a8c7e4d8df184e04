package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.heal.VpnRestarter;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthServer;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.SystemScheduler;
import io.helidon.webserver.WebServer;

/**
 * The running product: the health loop and healer on one scheduler thread, the health server on a Helidon
 * listener. Built from immutable settings; {@link #close()} stops everything within about two seconds.
 */
public final class Application implements AutoCloseable {
    private static final Log LOG = Log.of("main");

    private final SystemScheduler scheduler;
    private final HealthState state;
    private final HealthLoop loop;
    private final WebServer server;

    private Application(SystemScheduler scheduler, HealthState state, HealthLoop loop, WebServer server) {
        this.scheduler = scheduler;
        this.state = state;
        this.loop = loop;
        this.server = server;
    }

    /** Thrown when a part cannot start; the message is for the user. */
    public static final class StartException extends Exception {
        public StartException(String message) {
            super(message);
        }
    }

    public static Application start(Settings settings) throws StartException {
        return start(settings, new dev.tunnelkeeper.heal.LoggingRestarter(), new TcpProber(settings.health().targets()));
    }

    static Application start(Settings settings, VpnRestarter restarter, Prober prober) throws StartException {
        SystemScheduler scheduler = new SystemScheduler("health-loop");
        HealthState state = new HealthState(scheduler.now());
        // The health server answers first: Docker's healthcheck may ask before anything else is ready.
        WebServer server = startServer(settings.health().serverAddress(), state, scheduler);
        HealthLoop loop = new HealthLoop(scheduler, prober, new HealthSchedule(settings.health().successWait()), state);
        AutoHealer healer = new AutoHealer(scheduler, settings.health(), restarter, loop::vpnRestarted);
        loop.addListener(healer);
        healer.start();
        loop.start();
        return new Application(scheduler, state, loop, server);
    }

    private static WebServer startServer(HostPort address, HealthState state, SystemScheduler scheduler) throws StartException {
        try {
            WebServer server = WebServer.builder()
                    .host(address.bindHost())
                    .port(address.port())
                    .shutdownHook(false)
                    .routing(r -> HealthServer.routing(r, state))
                    .build()
                    .start();
            LOG.info("health server listening on " + address.bindHost() + ":" + server.port());
            return server;
        } catch (RuntimeException e) {
            scheduler.close();
            throw new StartException("the health server cannot listen on " + address + " (HEALTH_SERVER_ADDRESS): "
                    + rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    public HealthState state() {
        return state;
    }

    /** The health server's port (useful when the settings asked for port 0). */
    public int healthPort() {
        return server.port();
    }

    public boolean loopRunning() {
        return loop.isRunning() && scheduler.isAlive();
    }

    @Override
    public void close() {
        loop.stop();
        server.stop();
        scheduler.close();
    }
}
