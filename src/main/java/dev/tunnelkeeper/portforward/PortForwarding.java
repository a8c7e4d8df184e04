package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.process.OsProcessLauncher;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * VPN_PORT_FORWARDING=on, assembled: the lease loop on its own thread, the status file, the kill switch's port, and
 * the built-in listeners (the up and down commands, the qBittorrent sync). Feed it the supervisor's events.
 */
public final class PortForwarding implements AutoCloseable {
    private static final Log LOG = Log.of("port forwarding");

    private final SystemScheduler thread;
    private final NatPmpGateway gateway;
    private final PortForwarder forwarder;
    private final java.util.Optional<QBittorrentSync> qbittorrent;

    private PortForwarding(SystemScheduler thread, NatPmpGateway gateway, PortForwarder forwarder,
                           java.util.Optional<QBittorrentSync> qbittorrent) {
        this.thread = thread;
        this.gateway = gateway;
        this.forwarder = forwarder;
        this.qbittorrent = qbittorrent;
    }

    /** @param opener the kill switch's forwarded ports (FIREWALL=off: a no-op) */
    public static PortForwarding start(PortForwardSettings settings, String vpnInterface, PortForwarder.PortOpener opener) {
        SystemScheduler thread = new SystemScheduler("port-forwarding");
        NatPmpGateway gateway = new NatPmpGateway(new NatPmpClient());
        PortForwarder forwarder = new PortForwarder(Provider.of(settings.provider()), settings.lifetime(), vpnInterface,
                new PortForwarder.Parts(thread, gateway, TunnelGateway::find, opener, new StatusFile(settings.statusFile()),
                        () -> ThreadLocalRandom.current().nextInt(1024, 65536),
                        () -> Executors.newSingleThreadExecutor(Thread.ofVirtual().name("port-forwarding-listener").factory())));
        if (!settings.upCommand().isEmpty() || !settings.downCommand().isEmpty()) {
            forwarder.addListener(new PortCommands(settings.upCommand(), settings.downCommand(), new OsProcessLauncher(),
                    PortCommands.TIME_LIMIT));
        }
        java.util.Optional<QBittorrentSync> qbittorrent = settings.qbittorrentUrl().map(url ->
                new QBittorrentSync(url, settings.qbittorrentUser(), settings.qbittorrentPassword(),
                        d -> Thread.sleep(d.toMillis())));
        qbittorrent.ifPresent(forwarder::addListener);
        LOG.info("on: provider " + settings.provider() + ", lease " + settings.lifetime().toSeconds() + "s, port file "
                + settings.statusFile() + qbittorrent.map(q -> ", qBittorrent at " + settings.qbittorrentUrl().get()).orElse(""));
        return new PortForwarding(thread, gateway, forwarder, qbittorrent);
    }

    /** Add as a listener of the supervisor. */
    public Consumer<VpnEvent> vpnEvents() {
        return forwarder;
    }

    public PortForwardView view() {
        return forwarder;
    }

    /**
     * The extension point for more receivers of the port, such as the scripting side's onPortForwarded hook; call it
     * before the supervisor starts.
     */
    public void addListener(PortForwardListener listener) {
        forwarder.addListener(listener);
    }

    @Override
    public void close() {
        thread.close();
        forwarder.close();
        gateway.close();
        qbittorrent.ifPresent(QBittorrentSync::close);
    }
}
