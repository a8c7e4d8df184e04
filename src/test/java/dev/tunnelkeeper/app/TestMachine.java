package dev.tunnelkeeper.app;

import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.config.SettingsException;
import dev.tunnelkeeper.health.NameLookup;
import dev.tunnelkeeper.health.Prober;
import dev.tunnelkeeper.scripting.ScriptHost;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.servers.ServerSources;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnClient;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The application's machine for tests: no iptables, a VPN client whose tunnels are up at once, the prober the test
 * gives; and the settings' own servers and hooks, as RunCommand builds them.
 */
final class TestMachine {
    private TestMachine() {
    }

    /** A client whose every tunnel is ready at once and ends when stopped; records the servers it was started toward. */
    static final class InstantClient implements VpnClient {
        final List<String> starts = new CopyOnWriteArrayList<>();

        @Override
        public Tunnel start(Connection connection) {
            starts.add(connection.serverName());
            CompletableFuture<String> ended = new CompletableFuture<>();
            return new Tunnel() {
                @Override
                public String iface() {
                    return "tk-test0";
                }

                @Override
                public CompletableFuture<Void> ready() {
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletableFuture<String> ended() {
                    return ended;
                }

                @Override
                public List<String> lastLines() {
                    return List.of();
                }

                @Override
                public CompletableFuture<Void> stop() {
                    ended.complete("stopped");
                    return CompletableFuture.completedFuture(null);
                }
            };
        }
    }

    static Application.Machine machine(Application.Threads threads, VpnClient client, Function<NameLookup, Prober> prober) {
        return new Application.Machine(threads, () -> KillSwitch.OFF, client, prober, new Random(7));
    }

    /** Both of the application's threads are this one scheduler (a virtual one: the test moves time). */
    static Application.Threads oneScheduler(Scheduler scheduler) {
        return new Application.Threads() {
            @Override
            public Scheduler healthLoop() {
                return scheduler;
            }

            @Override
            public Scheduler vpn() {
                return scheduler;
            }

            @Override
            public boolean alive() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** The hooks and the servers of the settings, as RunCommand builds them, on the given clock. */
    record Inputs(ScriptHost scripts, CatalogConnectionSource source) {
        static Inputs of(Settings settings, dev.tunnelkeeper.time.Scheduler clock) throws SettingsException {
            ScriptHost scripts = ScriptHost.create(settings.hooks(), List.of(), clock);
            CatalogConnectionSource source = ServerSources.load(settings.servers(), settings.vpn(), clock,
                    scripts.serverSelector(dev.tunnelkeeper.servers.ServerSelector.of(settings.servers().selection(), new Random(7))));
            return new Inputs(scripts, source);
        }
    }
}
