package dev.tunnelkeeper.servers;

import java.time.Duration;
import java.util.List;

/**
 * A host name's IPv4 addresses and how long the answer may be kept (its DNS TTL; zero for an answer with none, such
 * as /etc/hosts's, which may then be asked again at any time).
 */
public record HostAnswer(List<String> ipv4, Duration ttl) {
    public HostAnswer {
        ipv4 = List.copyOf(ipv4);
    }
}
