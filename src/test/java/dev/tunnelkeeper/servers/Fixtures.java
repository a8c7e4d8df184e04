package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.config.VpnSettings;
import dev.tunnelkeeper.config.VpnType;
import dev.tunnelkeeper.config.WireGuardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Servers and settings for the servers tests, built in one line each. */
final class Fixtures {
    static final String KEY = "ZXhhbXBsZS13aXJlZ3VhcmQta2V5LXNlLXN0by0wMDE=";

    private Fixtures() {
    }

    /** An OpenVPN server over UDP and TCP, named and located. */
    static Server openvpn(int index, String name, String country, String region, String city, String... ips) {
        return new Server(index, VpnType.OPENVPN, country, region, city, name + ".vpn.example", name,
                List.of(ips.length == 0 ? new String[]{"203.0.113." + (index + 1)} : ips), true, true,
                Optional.empty(), Optional.empty());
    }

    static Server openvpn(int index, String name) {
        return openvpn(index, name, "", "", "");
    }

    static Candidate candidate(Server server) {
        return new Candidate(server, History.NONE);
    }

    static OpenVpnSettings openVpnSettings(Optional<Path> config, Protocol protocol, Optional<Integer> port) {
        return new OpenVpnSettings(config, "", Secret.NONE, protocol, port, 0, List.of(), 1);
    }

    static WireGuardSettings wireGuardSettings(Optional<String> ip, Optional<Integer> port, Optional<String> key) {
        return new WireGuardSettings(Secret.NONE, key, Secret.NONE, List.of("10.64.0.2/32"), ip, port, 1320,
                Duration.ofSeconds(25), WireGuardSettings.Implementation.AUTO);
    }

    static VpnSettings openVpn(Optional<Path> config, Protocol protocol) {
        return new VpnSettings(VpnType.OPENVPN, "custom", "tun0", openVpnSettings(config, protocol, Optional.empty()),
                wireGuardSettings(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    static VpnSettings wireGuard(Optional<String> ip, Optional<Integer> port, Optional<String> key) {
        return new VpnSettings(VpnType.WIREGUARD, "custom", "wg0",
                openVpnSettings(Optional.empty(), Protocol.UDP, Optional.empty()), wireGuardSettings(ip, port, key));
    }

    static VpnSettings withProvider(VpnSettings vpn, String provider) {
        return new VpnSettings(vpn.type(), provider, vpn.iface(), vpn.openvpn(), vpn.wireguard());
    }

    static ServerSettings serverSettings(Path file, boolean required) {
        ServerSettings d = ServerSettings.defaults();
        return new ServerSettings(file, required, d.regions(), d.countries(), d.cities(), d.hostnames(), d.names(),
                d.selection(), d.cooldown());
    }
}
