package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import dev.tunnelkeeper.vpn.NextServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Servers s1, s2, ... with no history; the next one handed out is the one a request names, else the first. */
final class FakeServers implements ServerChoice {
    private final List<Candidate> candidates = new ArrayList<>();

    FakeServers(int count) {
        for (int i = 1; i <= count; i++) {
            Server server = new Server(i - 1, VpnType.OPENVPN, "Labland", "s" + i, "Lab City", "", "s" + i,
                    List.of("10.20" + i + ".0.2"), false, true, Optional.empty(), Optional.empty());
            candidates.add(new Candidate(server, History.NONE));
        }
    }

    List<String> names() {
        return candidates.stream().map(c -> c.server().name()).toList();
    }

    String next(NextServer wish) {
        return wish.server().filter(names()::contains).orElse(names().getFirst());
    }

    @Override
    public List<Candidate> snapshot() {
        return List.copyOf(candidates);
    }
}
