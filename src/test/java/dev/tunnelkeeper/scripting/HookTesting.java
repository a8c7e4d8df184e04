package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.heal.HealEvent;
import dev.tunnelkeeper.health.ErrorKind;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.SelectionContext;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Shared helpers of the script host tests: hook files in a temp dir, a host on virtual time, sample records. */
final class HookTesting {
    /**
     * The hook call limit of behaviour tests: it only bounds a hang, so how busy the machine is never turns a
     * call that returns into a timeout (a cold first call can take a few hundred ms on two shared cores).
     */
    static final Duration GENEROUS = Duration.ofSeconds(5);

    private HookTesting() {
    }

    /** Notifications run on the caller's thread here, so a test sees them told when the event is handed over. */
    static ScriptHost host(Path dir, Duration timeout, int maxErrors, VirtualScheduler time) {
        return ScriptHost.create(new HookSettings(dir, timeout, maxErrors), List.of(), time, time, Runnable::run,
                (request, address, port) -> {
                    throw new java.io.IOException("this test sends nothing");
                }, host -> {
                    throw new java.net.UnknownHostException(host);
                });
    }

    static ScriptHost host(Path dir, VirtualScheduler time) {
        return host(dir, GENEROUS, 5, time);
    }

    static void write(Path dir, String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A module with {@code apiVersion = 1} and the given body. */
    static String module(String body) {
        return "export const apiVersion = 1;\n" + body;
    }

    static HealEvent failedCheck(Instant at, int consecutive) {
        return new HealEvent(HealEvent.Trigger.CHECK_FAILED, at, Optional.of("dial tcp 10.0.0.1:443: i/o timeout"),
                Optional.of(ErrorKind.TIMEOUT), consecutive, Duration.ofSeconds(3L * consecutive), Duration.ofSeconds(6),
                Duration.ofSeconds(3), 0, Optional.empty());
    }

    static HealEvent windowElapsed(Instant at) {
        return new HealEvent(HealEvent.Trigger.WINDOW_ELAPSED, at, Optional.of("dial tcp 10.0.0.1:443: i/o timeout"),
                Optional.of(ErrorKind.TIMEOUT), 2, Duration.ofSeconds(6), Duration.ofSeconds(6), Duration.ofSeconds(6),
                0, Optional.empty());
    }

    static Server server(int index, String name, String country, String region) {
        return new Server(index, VpnType.OPENVPN, country, region, "", name + ".vpn.example", name,
                List.of("203.0.113." + (index + 1)), true, true, Optional.empty(), Optional.empty());
    }

    static List<Candidate> candidates(String... names) {
        Candidate[] out = new Candidate[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = new Candidate(server(i, names[i], "Sweden", "Stockholm"), History.NONE);
        }
        return List.of(out);
    }

    static SelectionContext selection(Instant now) {
        return new SelectionContext(now, FixtureServers.elapsedAt(now), Duration.ofMinutes(5), Optional.empty());
    }

    static VpnStatus running(String server, Instant since) {
        return new VpnStatus(VpnState.RUNNING, "ready", since,
                Optional.of(new Connection(server, new Endpoint("203.0.113.1", 1194, Protocol.UDP), Optional.empty(), "")));
    }
}
