package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.HostPort;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.heal.AutoHealer;
import dev.tunnelkeeper.heal.BuiltinHealPolicy;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.scripting.HookNotifications;
import dev.tunnelkeeper.scripting.ScriptHost;
import dev.tunnelkeeper.scripting.ScriptedServerSelector;
import dev.tunnelkeeper.heal.VpnRestarter;
import dev.tunnelkeeper.health.HealthLoop;
import dev.tunnelkeeper.health.HealthSchedule;
import dev.tunnelkeeper.health.HealthServer;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.health.TcpProber;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.portforward.PortForwarding;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.firewall.KillSwitchWatch;
import dev.tunnelkeeper.firewall.KillSwitches;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import dev.tunnelkeeper.control.ControlPlane;
import dev.tunnelkeeper.control.ServerChoice;
import dev.tunnelkeeper.control.SupervisorVpnControl;
import dev.tunnelkeeper.control.history.RestartCause;
import dev.tunnelkeeper.control.probes.LivenessCheck;
import dev.tunnelkeeper.dns.LocalDns;
import dev.tunnelkeeper.dns.ResolverLookup;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.servers.Candidate;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The running product: the health loop and healer on one scheduler thread, the VPN supervisor on another, the
 * health server on a Helidon listener. Data flows one way: checks produce results, the healer decides, the
 * supervisor acts. Built from immutable settings; {@link #close()} stops everything within about two seconds.
 */
public final class Application implements AutoCloseable {
    private static final Log LOG = Log.of("main");

    private final SystemScheduler scheduler;
    private final HealthState state;
    private final HealthLoop loop;
    private final WebServer server;
    private final Optional<Vpn> vpn;
    private final Optional<ControlPlane> control;

    /** The supervisor, the thread it owns, the source it asks for servers, the user's hooks, the local resolver. */
    private record Vpn(VpnSupervisor supervisor, SystemScheduler thread, CatalogConnectionSource source,
                       ScriptHost scripts, ScriptedServerSelector selector, Optional<LocalDns> dns,
                       KillSwitchWatch firewallWatch, Optional<PortForwarding> portForwarding) {
    }

    private Application(SystemScheduler scheduler, HealthState state, HealthLoop loop, WebServer server, Optional<Vpn> vpn,
                        Optional<ControlPlane> control) {
        this.scheduler = scheduler;
        this.state = state;
        this.loop = loop;
        this.server = server;
        this.vpn = vpn;
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
     * The product: the health loop heals a real VPN client, connecting to the servers the source chooses.
     *
     * @param refused told when the VPN client refuses its configuration (the VPN then stays stopped)
     */
    public static Application start(Settings settings, CatalogConnectionSource source, ScriptHost scripts,
                                    ScriptedServerSelector selector,
                                    java.util.function.Consumer<dev.tunnelkeeper.vpn.VpnConfigurationException> refused)
            throws StartException {
        // The kill switch closes before any VPN client starts: fail closed, never open.
        KillSwitch killSwitch;
        try {
            killSwitch = KillSwitches.enable(settings.firewall(), settings.vpn().iface());
        } catch (KillSwitch.FirewallException e) {
            throw new StartException("the kill switch cannot be turned on, so no VPN is started: " + e.getMessage()
                    + " (FIREWALL=off runs without it)", 1);
        }
        // A server's host name asked again lets its query out through the kill switch, and nothing else.
        source.nameRefresh().ifPresent(names -> names.lookupsThrough(killSwitch));
        SystemScheduler vpnThread = new SystemScheduler("vpn");
        VpnSupervisor supervisor = VpnSupervisor.create(settings.vpn(), settings.vpnReadyTimeout(), source,
                killSwitch, vpnThread);
        supervisor.onConfigurationError(refused);
        // The resolver starts before the VPN: from the first tunnel on, names resolve through it and nowhere else.
        Optional<LocalDns> dns = startDns(settings, supervisor, vpnThread);
        KillSwitchWatch firewallWatch = watch(killSwitch, supervisor, vpnThread);
        Optional<PortForwarding> portForwarding = settings.portForward().enabled()
                ? Optional.of(PortForwarding.start(settings.portForward(), settings.vpn().iface(), killSwitch::forwardedPorts))
                : Optional.empty();
        portForwarding.ifPresent(p -> supervisor.addListener(p.vpnEvents()));
        Vpn vpn = new Vpn(supervisor, vpnThread, source, scripts, selector, dns, firewallWatch, portForwarding);
        NameLookup lookup = dns.<NameLookup>map(d -> new ResolverLookup(d.address())).orElse(NameLookup.SYSTEM);
        try {
            Application app = start(settings, supervisor, new TcpProber(settings.health().targets(), lookup), Optional.of(vpn));
            // A healthy check is the server's best credential: the selection prefers servers that were healthy lately.
            app.loop.addListener(result -> {
                if (result.healthy()) {
                    supervisor.status().connection().ifPresent(c -> source.healthy(c, result.at()));
                }
            });
            supervisor.startAsync();
            firewallWatch.start();
            // The JS engine warms up in the background (~1-2 s): the health server already answers, the built-ins
            // decide until the hooks are loaded.
            scripts.start();
            return app;
        } catch (StartException e) {
            portForwarding.ifPresent(PortForwarding::close);
            dns.ifPresent(LocalDns::close);
            vpnThread.close();
            throw e;
        }
    }

    // On the VPN's thread, so a repair never runs in the middle of the supervisor's own kill switch change.
    private static KillSwitchWatch watch(KillSwitch killSwitch, VpnSupervisor supervisor, SystemScheduler vpnThread) {
        return new KillSwitchWatch(vpnThread, killSwitch, KillSwitchWatch.EVERY, new KillSwitchWatch.Vpn() {
            @Override
            public void stop(String reason) {
                supervisor.stopAsync(reason);
            }

            @Override
            public void start() {
                // Not if someone stopped it for another reason since (the control API's stop, say).
                VpnStatus status = supervisor.status();
                if (status.state() == VpnState.STOPPED && status.reason().equals(KillSwitchWatch.STOP_REASON)) {
                    supervisor.startAsync();
                }
            }
        });
    }

    private static Optional<LocalDns> startDns(Settings settings, VpnSupervisor supervisor, SystemScheduler vpnThread)
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
                    java.time.InstantSource.system());
        } catch (LocalDns.StartException e) {
            vpnThread.close();
            throw new StartException(e.getMessage(), 1);
        }
        supervisor.addListener(event -> dns.tunnelChanged(event.to() == VpnState.RUNNING));
        return Optional.of(dns);
    }

    /** The health loop alone, with the given restarter and prober (tests of the loop against real sockets). */
    static Application start(Settings settings, VpnRestarter restarter, Prober prober) throws StartException {
        return start(settings, restarter, prober, Optional.empty());
    }

    private static Application start(Settings settings, VpnRestarter restarter, Prober prober, Optional<Vpn> vpn)
            throws StartException {
        SystemScheduler scheduler = new SystemScheduler("health-loop");
        HealthState state = new HealthState(scheduler.now());
        HealthLoop loop = new HealthLoop(scheduler, prober, new HealthSchedule(settings.health().successWait()), state);
        Optional<ControlPlane> control = vpn.map(v -> controlPlane(settings, v, state, loop, scheduler));
        // The health server answers first: Docker's healthcheck may ask before anything else is ready.
        WebServer server = startServer(settings, state, scheduler, control);
        VpnRestarter recorded = control.map(c -> c.restarter(RestartCause.HEALER, restarter)).orElse(restarter);
        BooleanSupplier stoppedByUser = control.<BooleanSupplier>map(c -> c::vpnStoppedByUser).orElse(() -> false);
        HealPolicy policy = vpn.map(v -> v.scripts().healPolicy(v.supervisor()::status))
                .orElse(BuiltinHealPolicy.INSTANCE);
        AutoHealer healer = new AutoHealer(scheduler, settings.health(), recorded, loop::vpnRestarted, policy, stoppedByUser);
        vpn.ifPresent(v -> v.supervisor().addListener(event -> {
            if (event.to() == VpnState.RUNNING) {
                scheduler.execute(healer::tunnelUp); // the healer lives on the loop's thread
            }
        }));
        control.ifPresent(c -> vpn.orElseThrow().portForwarding().ifPresent(p -> c.portForward(p.view())));
        control.ifPresent(c -> {
            loop.addListener(c::onCheck);
            vpn.orElseThrow().supervisor().addListener(c::onVpnEvent);
        });
        vpn.ifPresent(v -> {
            // onHealthy / onRestart / onHealthCheckSucceeded; a hook's switch request restarts through the supervisor
            VpnRestarter hookRestarts = control.map(c -> c.restarter(RestartCause.HOOK, v.supervisor()))
                    .orElse(v.supervisor());
            HookNotifications hooks = v.scripts().notifications(v.selector(), hookRestarts, v.supervisor()::status,
                    v.source()::snapshot, settings.servers().cooldown(), settings.vpn().iface());
            loop.addListener(hooks::onCheckResult);
            v.supervisor().addListener(hooks::onVpnEvent);
            v.portForwarding().ifPresent(p -> p.addListener(e -> hooks.onPortForwarded(e.ports(), e.previous(), e.server())));
            control.ifPresent(c -> {
                v.scripts().countWith(c.hookMetrics());
                c.addRestartListener(hooks::restarted);
                c.addPublicIpListener(hooks::onPublicIp);
            });
        });
        loop.addListener(healer);
        healer.start();
        loop.start();
        return new Application(scheduler, state, loop, server, vpn, control);
    }

    private static ControlPlane controlPlane(Settings settings, Vpn vpn, HealthState state, HealthLoop loop,
                                             SystemScheduler scheduler) {
        ServerChoice servers = new ServerChoice() {
            @Override
            public List<Candidate> snapshot() {
                return vpn.source().snapshot();
            }

            @Override
            public void preferNext(String serverName) {
                vpn.source().preferNext(serverName);
            }

            @Override
            public java.time.Duration cooldown() {
                return settings.servers().cooldown();
            }
        };
        LivenessCheck.Inputs liveness = new LivenessCheck.Inputs(loop::lastActivity,
                LivenessCheck.maxQuiet(settings.health().successWait()),
                () -> loop.isRunning() && scheduler.isAlive() && vpn.thread().isAlive());
        return ControlPlane.create(settings.control(), settings.publicIp(), new ControlPlane.Parts(
                new SupervisorVpnControl(vpn.supervisor()), servers, new ScriptHooksView(vpn.scripts()), state, liveness,
                scheduler));
    }

    private static WebServer startServer(Settings settings, HealthState state, SystemScheduler scheduler,
                                         Optional<ControlPlane> control) throws StartException {
        HostPort address = settings.health().serverAddress();
        try {
            WebServerConfig.Builder builder = WebServer.builder()
                    .host(address.bindHost())
                    .port(address.port())
                    .shutdownHook(false)
                    .routing(r -> HealthServer.routing(r, state));
            control.ifPresent(c -> c.addTo(builder));
            WebServer server = builder.build().start();
            LOG.info("health server listening on " + address.bindHost() + ":" + server.port());
            control.ifPresent(c -> c.logListening(server.port(ControlPlane.SOCKET)));
            return server;
        } catch (RuntimeException e) {
            scheduler.close();
            control.ifPresent(ControlPlane::close);
            throw new StartException("the health server (HEALTH_SERVER_ADDRESS=" + address + ")"
                    + control.map(c -> " or the control server (HTTP_CONTROL_SERVER_ADDRESS=" + settings.control().address() + ")").orElse("")
                    + " cannot listen: " + rootMessage(e), 1);
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

    /** The supervisor, when this application runs a VPN. */
    public Optional<VpnSupervisor> supervisor() {
        return vpn.map(Vpn::supervisor);
    }

    @Override
    public void close() {
        loop.stop(); // first, so no restart is asked for while the VPN goes down
        vpn.ifPresent(v -> {
            v.scripts().close();
            v.firewallWatch().close();
            v.supervisor().close();
            v.thread().close();
            v.portForwarding().ifPresent(PortForwarding::close); // after the VPN: its last event reaches it
            v.dns().ifPresent(LocalDns::close); // after the VPN: restores the resolver configuration file
        });
        server.stop();
        control.ifPresent(ControlPlane::close);
        scheduler.close();
    }
}
