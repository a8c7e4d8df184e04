package dev.tunnelkeeper.app;

import dev.tunnelkeeper.app.VpnClients;
import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.control.ControlPlane;
import dev.tunnelkeeper.control.ServerChoice;
import dev.tunnelkeeper.control.SupervisorVpnControl;
import dev.tunnelkeeper.control.probes.LivenessCheck;
import dev.tunnelkeeper.dns.LocalDns;
import dev.tunnelkeeper.dns.ResolverLookup;
import dev.tunnelkeeper.firewall.KillSwitchWatch;
import dev.tunnelkeeper.firewall.KillSwitches;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.VpnRestarter;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthServer;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.portforward.PortForwarding;
import dev.tunnelkeeper.scripting.HookNotifications;
import dev.tunnelkeeper.scripting.ScriptHost;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.Backoff;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.VpnClient;
import dev.tunnelkeeper.vpn.VpnConfigurationException;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The running product, built in one place: the health loop and healer on one thread, the VPN supervisor on another,
 * the health and control servers on Helidon listeners. Checks go to the healer, which asks the supervisor for
 * restarts; the supervisor owns the VPN intent (every request carries its cause) and publishes each change as an
 * event, which the healer, the DNS, the port forwarding, the control plane (history, metrics, status page) and the
 * hooks hear; the control API and hooks send requests back to the supervisor. What differs between the product and a
 * test is the {@link Machine}: real threads, iptables and VPN processes, or fakes in virtual time.
 * {@link #close()} stops everything within about two seconds.
 */
public final class Application implements AutoCloseable {
    private static final Log LOG = Log.of("main");

    /** The threads the application runs on: two of its own in the product, one virtual scheduler in tests. */
    public interface Threads {
        Scheduler healthLoop();

        /** The supervisor's, the kill switch watch's. */
        Scheduler vpn();

        boolean alive();

        void close();

        /** The product's: a thread each; {@code health} is the one time source too (see RunCommand). */
        static Threads own(SystemScheduler health) {
            SystemScheduler vpn = new SystemScheduler("vpn");
            return new Threads() {
                @Override
                public Scheduler healthLoop() {
                    return health;
                }

                @Override
                public Scheduler vpn() {
                    return vpn;
                }

                @Override
                public boolean alive() {
                    return health.isAlive() && vpn.isAlive();
                }

                @Override
                public void close() {
                    vpn.close();
                    health.close();
                }
            };
        }
    }

    /** Turns the kill switch on (fail closed: it throws rather than leave traffic open). */
    @FunctionalInterface
    public interface FirewallStart {
        KillSwitch enable() throws KillSwitch.FirewallException;
    }

    /**
     * What the application drives outside the JVM.
     *
     * @param prober the health check, given the resolver it must use (the local DNS when it runs)
     * @param random the backoff's jitter
     */
    public record Machine(Threads threads, FirewallStart firewall, VpnClient client, Function<NameLookup, Prober> prober,
                          Random random) {

        /**
         * The product's: its own threads, iptables, the VPN client's processes, TCP dials to the health targets.
         *
         * @param time the one time source, whose thread runs the health loop; the application closes it
         */
        public static Machine of(Settings settings, SystemScheduler time) {
            return new Machine(Threads.own(time), () -> KillSwitches.enable(settings.firewall(), settings.vpn().iface()),
                    VpnClients.create(settings.vpn()), lookup -> new TcpProber(settings.health().targets(), lookup, time),
                    new Random());
        }
    }

    private final Threads threads;
    private final HealthState state;
    private final HealthLoop loop;
    private final WebServer health;
    private final WebServer controlServer;
    private final VpnSupervisor supervisor;
    private final ScriptHost scripts;
    private final Optional<LocalDns> dns;
    private final KillSwitchWatch firewallWatch;
    private final Optional<PortForwarding> portForwarding;
    private final ControlPlane control;

    private Application(Threads threads, HealthState state, HealthLoop loop, WebServer health, WebServer controlServer,
                        VpnSupervisor supervisor, ScriptHost scripts, Optional<LocalDns> dns, KillSwitchWatch firewallWatch,
                        Optional<PortForwarding> portForwarding, ControlPlane control) {
        this.threads = threads;
        this.state = state;
        this.loop = loop;
        this.health = health;
        this.controlServer = controlServer;
        this.supervisor = supervisor;
        this.scripts = scripts;
        this.dns = dns;
        this.firewallWatch = firewallWatch;
        this.portForwarding = portForwarding;
        this.control = control;
    }

    /** Thrown when a part cannot start; the message is for the user, the exit code says whose fault it is. */
    public static final class StartException extends Exception {
        private final int exitCode;

        public StartException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        /** 2: the settings are wrong (as for invalid values); 1: something on the machine failed. */
        public int exitCode() {
            return exitCode;
        }
    }

    /**
     * The product: the health loop heals the VPN client, connecting to the servers the source chooses.
     *
     * @param scripts the user's hooks (their selector is the source's already)
     * @param refused told when the VPN client refuses its configuration (the VPN then stays stopped)
     */
    public static Application start(Settings settings, CatalogConnectionSource source, ScriptHost scripts,
                                    Machine machine, Consumer<VpnConfigurationException> refused) throws StartException {
        Threads threads = machine.threads();
        Scheduler scheduler = threads.healthLoop();
        HealthState state = new HealthState(scheduler.now());
        // The health server answers first: Docker's healthcheck may ask before anything else is ready. Listening on a
        // loopback address (gluetun's default), nothing outside the container reaches it, so it starts even before the
        // kill switch (whose iptables take ~0.1 s of the start); on any other address it waits for the kill switch.
        Optional<WebServer> earlyHealth = isLoopback(settings.health().serverAddress())
                ? Optional.of(startHealthServer(settings, state)) : Optional.empty();
        // The kill switch closes before any VPN client starts and before anything listens on other addresses: fail
        // closed, never open.
        KillSwitch killSwitch;
        try {
            killSwitch = machine.firewall().enable();
        } catch (KillSwitch.FirewallException e) {
            earlyHealth.ifPresent(WebServer::stop);
            throw new StartException("the kill switch cannot be turned on, so no VPN is started: " + e.getMessage()
                    + " (FIREWALL=off runs without it)", 1);
        }
        // A server's host name asked again lets its query out through the kill switch, and nothing else.
        source.nameRefresh().ifPresent(names -> names.lookupsThrough(killSwitch));
        VpnSupervisor supervisor = new VpnSupervisor(machine.client(), source, killSwitch, threads.vpn(),
                settings.vpnReadyTimeout(), Backoff.DEFAULT, machine.random());
        supervisor.onConfigurationError(refused);
        // The resolver starts before the VPN: from the first tunnel on, names resolve through it and nowhere else.
        Optional<LocalDns> dns = startDns(settings, supervisor, threads);
        KillSwitchWatch firewallWatch = watch(killSwitch, supervisor, threads.vpn());
        Optional<PortForwarding> portForwarding = settings.portForward().enabled()
                ? Optional.of(PortForwarding.start(settings.portForward(), settings.vpn().iface(), killSwitch::forwardedPorts))
                : Optional.empty();
        portForwarding.ifPresent(p -> supervisor.addListener(moves(p.vpnEvents())));
        NameLookup lookup = dns.<NameLookup>map(d -> new ResolverLookup(d.address())).orElse(NameLookup.SYSTEM);

        HealthLoop loop = new HealthLoop(scheduler, machine.prober().apply(lookup),
                new HealthSchedule(settings.health().successWait()), state);
        ControlPlane control = controlPlane(settings, supervisor, source, scripts, state, loop, threads);
        WebServer health = null;
        WebServer controlServer;
        try {
            health = earlyHealth.isPresent() ? earlyHealth.get() : startHealthServer(settings, state);
            controlServer = startControlServer(settings, control);
        } catch (StartException e) {
            if (health != null) {
                health.stop();
            }
            control.close();
            portForwarding.ifPresent(PortForwarding::close);
            dns.ifPresent(LocalDns::close);
            threads.close();
            throw e;
        }
        AutoHealer healer = new AutoHealer(scheduler, settings.health(), healerRequests(supervisor), loop::vpnRestarted,
                scripts.healPolicy(supervisor::status), () -> stoppedByUser(supervisor));
        supervisor.addListener(event -> {
            if (event.to() == VpnState.RUNNING) {
                scheduler.execute(healer::tunnelUp); // the healer lives on the loop's thread
            }
        });
        portForwarding.ifPresent(p -> control.portForward(p.view()));
        loop.addListener(control::onCheck);
        supervisor.addListener(control::onVpnEvent);
        // onHealthy, onHealthCheckSucceeded (a switch is a request to the supervisor), onTunnelUp/Down, ...
        HookNotifications hooks = scripts.notifications(supervisor::send, supervisor::status, source::snapshot,
                settings.servers().cooldown(), settings.vpn().iface());
        loop.addListener(hooks::onCheckResult);
        supervisor.addListener(hooks::onVpnEvent);
        portForwarding.ifPresent(p -> p.addListener(e -> hooks.onPortForwarded(e.ports(), e.previous(), e.server())));
        scripts.countWith(control.hookMetrics());
        control.addPublicIpListener(hooks::onPublicIp);
        loop.addListener(healer);
        // A healthy check is the server's best credential: the selection prefers servers that were healthy lately.
        loop.addListener(result -> {
            if (result.healthy()) {
                supervisor.status().connection().ifPresent(c -> source.healthy(c, result.at()));
            }
        });
        healer.start();
        loop.start();
        supervisor.send(VpnRequest.start(Cause.START_UP));
        firewallWatch.start();
        // The JS engine warms up in the background (~1-2 s): the health server already answers, the built-ins
        // decide until the hooks are loaded.
        scripts.start();
        return new Application(threads, state, loop, health, controlServer, supervisor, scripts, dns, firewallWatch,
                portForwarding, control);
    }

    /** Hears the state changes only, not the restarts taken into work under way ({@link VpnEvent#moved()}). */
    private static Consumer<VpnEvent> moves(Consumer<VpnEvent> listener) {
        return event -> {
            if (event.moved()) {
                listener.accept(event);
            }
        };
    }

    /** The healer's restart, as a request: caused by its window, or by the hook file whose policy decided. */
    private static VpnRestarter healerRequests(VpnSupervisor supervisor) {
        return (reason, decidedBy) -> supervisor.send(HealDecision.BUILT_IN.equals(decidedBy)
                ? VpnRequest.restart(Cause.HEALER, reason) : VpnRequest.restartByHook(decidedBy, reason));
    }

    /** A VPN the user stopped through the control API stays stopped: the healer does not even ask its policy. */
    private static boolean stoppedByUser(VpnSupervisor supervisor) {
        return supervisor.intent().stopBy(Cause.USER);
    }

    // On the VPN's thread, so a repair never runs in the middle of the supervisor's own kill switch change.
    private static KillSwitchWatch watch(KillSwitch killSwitch, VpnSupervisor supervisor, Scheduler vpnThread) {
        return new KillSwitchWatch(vpnThread, killSwitch, KillSwitchWatch.EVERY, new KillSwitchWatch.Vpn() {
            @Override
            public void stop(String reason) {
                supervisor.send(VpnRequest.stop(Cause.KILL_SWITCH, reason));
            }

            @Override
            public void start() {
                // Not if someone stopped (or started) it since: the watch's stop is still the intent.
                if (supervisor.intent().stopBy(Cause.KILL_SWITCH)) {
                    supervisor.send(VpnRequest.start(Cause.KILL_SWITCH));
                }
            }
        });
    }

    private static Optional<LocalDns> startDns(Settings settings, VpnSupervisor supervisor, Threads threads)
            throws StartException {
        if (!settings.dns().enabled()) {
            Log.of("dns").warn("DNS_SERVER=off: no local resolver; " + settings.dns().resolvConf()
                    + " is left as it is, and names resolve as it says, possibly outside the tunnel");
            return Optional.empty();
        }
        dev.tunnelkeeper.dns.DnsSettingsParser.unusedPlainServers(settings.dns()).ifPresent(Log.of("dns")::warn);
        LocalDns dns;
        try {
            dns = LocalDns.start(settings.dns(), () -> supervisor.status().state() == VpnState.RUNNING,
                    threads.healthLoop());
        } catch (LocalDns.StartException e) {
            threads.close();
            throw new StartException(e.getMessage(), 1);
        }
        supervisor.addListener(moves(event -> dns.tunnelChanged(event.to() == VpnState.RUNNING)));
        return Optional.of(dns);
    }

    private static ControlPlane controlPlane(Settings settings, VpnSupervisor supervisor, CatalogConnectionSource source,
                                             ScriptHost scripts, HealthState state, HealthLoop loop, Threads threads) {
        ServerChoice servers = new ServerChoice() {
            @Override
            public List<Candidate> snapshot() {
                return source.snapshot();
            }

            @Override
            public java.time.Duration cooldown() {
                return settings.servers().cooldown();
            }
        };
        LivenessCheck.Inputs liveness = new LivenessCheck.Inputs(loop::lastActivity,
                LivenessCheck.maxQuiet(settings.health().successWait()), () -> loop.isRunning() && threads.alive());
        return ControlPlane.create(settings.control(), settings.publicIp(), new ControlPlane.Parts(
                new SupervisorVpnControl(supervisor), servers, new ScriptHooksView(scripts), state, liveness,
                threads.healthLoop()));
    }

    /** gluetun's health server, a server of its own as in gluetun (HEALTH_SERVER_ADDRESS). */
    private static WebServer startHealthServer(Settings settings, HealthState state) throws StartException {
        HostPort address = settings.health().serverAddress();
        WebServer server = start("the health server (HEALTH_SERVER_ADDRESS=" + address + ")", WebServer.builder()
                .host(address.bindHost())
                .port(address.port())
                .shutdownHook(false)
                .routing(r -> HealthServer.routing(r, state)));
        LOG.info("health server listening on " + address.bindHost() + ":" + server.port());
        return server;
    }

    /** The control server (HTTP_CONTROL_SERVER_ADDRESS): the control API, the status page and the probes. */
    private static WebServer startControlServer(Settings settings, ControlPlane control) throws StartException {
        WebServerConfig.Builder builder = WebServer.builder().shutdownHook(false);
        control.configure(builder);
        WebServer server = start("the control server (HTTP_CONTROL_SERVER_ADDRESS=" + settings.control().address() + ")",
                builder);
        control.logListening(server.port());
        return server;
    }

    private static WebServer start(String what, WebServerConfig.Builder builder) throws StartException {
        try {
            return builder.build().start();
        } catch (RuntimeException e) {
            throw new StartException(what + " cannot listen: " + rootMessage(e), 1);
        }
    }

    /** A literal loopback address (127.0.0.0/8, ::1), or localhost: only this machine can connect. */
    static boolean isLoopback(HostPort address) {
        String host = address.host();
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        boolean literal = host.contains(":") || host.matches("[0-9.]+"); // read without a lookup
        if (!literal) {
            return false; // a name (or every interface): not looked up here
        }
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
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
        return health.port();
    }

    /** The control server's port. */
    public int controlPort() {
        return controlServer.port();
    }

    public boolean loopRunning() {
        return loop.isRunning() && threads.alive();
    }

    public VpnSupervisor supervisor() {
        return supervisor;
    }

    @Override
    public void close() {
        loop.stop(); // first, so no restart is asked for while the VPN goes down
        scripts.close();
        firewallWatch.close();
        supervisor.close();
        portForwarding.ifPresent(PortForwarding::close); // after the VPN: its last event reaches it
        dns.ifPresent(LocalDns::close); // after the VPN: restores the resolver configuration file
        health.stop();
        controlServer.stop();
        control.close();
        threads.close();
    }
}
