package dev.tunnelkeeper.control;

import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.History;
import dev.tunnelkeeper.servers.Server;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Servers s1, s2, ... with no history; the next one handed out is the preferred one, else the first. */
final class FakeServers implements ServerChoice {
    private final List<Candidate> candidates = new ArrayList<>();
    private volatile Optional<String> preferred = Optional.empty();

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

    String next() {
        String name = preferred.orElse(names().getFirst());
        preferred = Optional.empty();
        return name;
    }

    @Override
    public List<Candidate> snapshot() {
        return List.copyOf(candidates);
    }

    @Override
    public void preferNext(String serverName) {
        if (!names().contains(serverName)) {
            throw new IllegalArgumentException("no server named " + serverName);
        }
        preferred = Optional.of(serverName);
    }
}
