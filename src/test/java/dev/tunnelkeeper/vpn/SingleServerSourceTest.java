package dev.tunnelkeeper.vpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.config.WireGuardSettings;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.vpn.ConnectionSource.NoServerException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleServerSourceTest {
    @TempDir
    Path dir;

    private Connection openvpn(String text, Protocol protocol, Optional<Integer> port) throws IOException {
        Path file = Files.writeString(dir.resolve("my-vpn.ovpn"), text);
        OpenVpnSettings settings = new OpenVpnSettings(Optional.of(file), "", Secret.NONE, protocol, port, 0, List.of(), 1);
        return SingleServerSource.from(VpnSettingsFixtures.openvpnSettings(settings, "tun0")).next();
    }

    @Test
    void openVpnTakesTheFirstRemoteOfTheFile() throws IOException {
        Connection c = openvpn("client\n<ca>\nremote 9.9.9.9 1\n</ca>\nremote 203.0.113.7 1195\nremote 203.0.113.8 1196\n",
                Protocol.UDP, Optional.empty());
        assertEquals(new Endpoint("203.0.113.7", 1195, Protocol.UDP), c.endpoint());
        assertEquals("my-vpn.ovpn", c.serverName());
        assertEquals(Optional.empty(), c.wireGuardPublicKey());
    }

    @Test
    void openVpnPortAndProtocolSettingsWinOverTheFile() throws IOException {
        try (LogCapture log = new LogCapture()) {
            Connection c = openvpn("proto udp\nremote 203.0.113.7 1195\n", Protocol.TCP, Optional.of(443));
            assertEquals(new Endpoint("203.0.113.7", 443, Protocol.TCP), c.endpoint());
            assertEquals(1, log.count("OPENVPN_PROTOCOL=tcp overrides the protocol udp written in"));
        }
    }

    @Test
    void openVpnPortFallsBackToThePortLineThenToTheProtocolsDefault() throws IOException {
        assertEquals(1300, openvpn("port 1300\nremote 203.0.113.7\n", Protocol.UDP, Optional.empty()).endpoint().port());
        assertEquals(1194, openvpn("remote 203.0.113.7\n", Protocol.UDP, Optional.empty()).endpoint().port());
        assertEquals(443, openvpn("remote 203.0.113.7\n", Protocol.TCP, Optional.empty()).endpoint().port());
    }

    @Test
    void openVpnWithoutARemoteNamesTheVariableAndTheFix() throws IOException {
        NoServerException e = assertThrows(NoServerException.class, () -> openvpn("client\n", Protocol.UDP, Optional.empty()));
        assertTrue(e.getMessage().startsWith("OPENVPN_CUSTOM_CONFIG " + dir.resolve("my-vpn.ovpn") + " has no `remote` line"), e.getMessage());
    }

    @Test
    void openVpnRemoteMustBeAnIpAddressBecauseTheKillSwitchOpensOnlyThat() {
        NoServerException e = assertThrows(NoServerException.class,
                () -> openvpn("remote vpn.example.com 1194\n", Protocol.UDP, Optional.empty()));
        assertTrue(e.getMessage().contains("the remote `vpn.example.com` is not an IP address"), e.getMessage());
    }

    @Test
    void openVpnBadPortIsReportedWithTheLine() {
        NoServerException e = assertThrows(NoServerException.class,
                () -> openvpn("remote 203.0.113.7 99999\n", Protocol.UDP, Optional.empty()));
        assertTrue(e.getMessage().contains("`remote 203.0.113.7 99999` has an invalid port 99999"), e.getMessage());
    }

    @Test
    void openVpnUnreadableFileIsNamed() {
        OpenVpnSettings settings = VpnSettingsFixtures.openvpn(dir.resolve("missing.ovpn"));
        NoServerException e = assertThrows(NoServerException.class,
                () -> SingleServerSource.from(VpnSettingsFixtures.openvpnSettings(settings, "tun0")));
        assertTrue(e.getMessage().startsWith("OPENVPN_CUSTOM_CONFIG " + dir.resolve("missing.ovpn") + " cannot be read"), e.getMessage());
    }

    @Test
    void wireGuardComesFromTheEndpointSettings() {
        Connection c = SingleServerSource.from(VpnSettingsFixtures.wireguardSettings(VpnSettingsFixtures.wireguard(), "wg0")).next();
        assertEquals(new Endpoint("10.210.0.1", 51820, Protocol.UDP), c.endpoint());
        assertEquals(Optional.of(VpnSettingsFixtures.SERVER_PUBLIC_KEY), c.wireGuardPublicKey());
    }

    @Test
    void wireGuardMissingPiecesNameTheirVariable() {
        WireGuardSettings base = VpnSettingsFixtures.wireguard();
        WireGuardSettings noIp = new WireGuardSettings(base.privateKey(), base.publicKey(), base.presharedKey(),
                base.addresses(), Optional.empty(), base.endpointPort(), base.mtu(), Duration.ofSeconds(25), base.implementation());
        WireGuardSettings noKey = new WireGuardSettings(base.privateKey(), Optional.empty(), base.presharedKey(),
                base.addresses(), base.endpointIp(), Optional.empty(), base.mtu(), Duration.ofSeconds(25), base.implementation());
        assertTrue(message(noIp).startsWith("WIREGUARD_ENDPOINT_IP is not set"), message(noIp));
        assertTrue(message(noKey).startsWith("WIREGUARD_PUBLIC_KEY is not set"), message(noKey));
    }

    private static String message(WireGuardSettings settings) {
        return assertThrows(NoServerException.class,
                () -> SingleServerSource.from(VpnSettingsFixtures.wireguardSettings(settings, "wg0"))).getMessage();
    }
}
