package dev.tunnelkeeper.config;

import dev.tunnelkeeper.app.SettingsAssembly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WireGuard as providers hand it out: a wg-quick .conf with an IPv6 address beside the IPv4 one (every Mullvad and
 * AirVPN file has one), DNS and AllowedIPs lines; and WIREGUARD_ADDRESSES as users copy them from such a file.
 * The keys below are made up for the tests (32 bytes of base64), not anyone's.
 */
class WireGuardConfFileTest {
    private static final String PRIVATE = "yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=";
    private static final String PUBLIC = "xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=";
    private static final String PRESHARED = "FpCyhws9cxwWoV4xELtfJvjJN+zQVRPISllRWgeopVE=";

    @TempDir
    Path dir;
    private final Map<String, String> env = new HashMap<>();

    @BeforeEach
    void wireGuard() throws Exception {
        env.put("TK_CONFIG", Files.writeString(dir.resolve("empty.yaml"), "").toString());
        env.put("VPN_TYPE", "wireguard");
    }

    private Path conf(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("wg0.conf"), text);
        env.put("WIREGUARD_CONF_SECRETFILE", file.toString());
        return file;
    }

    private static final String MULLVAD_SHAPE = """
            [Interface]
            # Device: Happy Lab
            PrivateKey = %s
            Address = 10.68.12.34/32,fc00:bbbb:bbbb:bb01::5:c21/128
            DNS = 10.64.0.1

            [Peer]
            PublicKey = %s
            PresharedKey = %s
            AllowedIPs = 0.0.0.0/0,::0/0
            Endpoint = 203.0.113.54:51820
            PersistentKeepalive = 15
            """.formatted(PRIVATE, PUBLIC, PRESHARED);

    @Test
    void aProvidersFileIsReadAndItsIpv6AddressLeftOutWithAWarning() throws Exception {
        Path file = conf(MULLVAD_SHAPE);
        Settings s = SettingsAssembly.load(env);
        WireGuardSettings w = s.vpn().wireguard();
        assertEquals(PRIVATE, w.privateKey().value());
        assertEquals(Optional.of(PUBLIC), w.publicKey());
        assertEquals(PRESHARED, w.presharedKey().value());
        assertEquals(List.of("10.68.12.34/32"), w.addresses());
        assertEquals(Optional.of("203.0.113.54"), w.endpointIp());
        assertEquals(Optional.of(51820), w.endpointPort());
        assertEquals(Duration.ofSeconds(15), w.persistentKeepalive());
        String warnings = String.join("\n", s.warnings());
        assertTrue(warnings.contains("the IPv6 address fc00:bbbb:bbbb:bb01::5:c21/128 is not used"), warnings);
        assertTrue(warnings.contains(file + " line 5: DNS = 10.64.0.1 is not used: set DNS_ADDRESS=10.64.0.1"), warnings);
        assertFalse(warnings.contains("ALLOWED_IPS"), "0.0.0.0/0 and ::0/0: everything IPv4, no word about ::0/0: " + warnings);
        assertEquals(List.of("0.0.0.0/0"), w.allowedIps());
        assertFalse(w.splitTunnel());
        assertFalse(warnings.contains(PRIVATE) || warnings.contains(PRESHARED), "no secret in a warning");
    }

    @Test
    void aNarrowAllowedIpsOfTheFileIsHonouredItsIpv6PartLeftOutWithOneWarning() throws Exception {
        Path file = conf(MULLVAD_SHAPE.replace("AllowedIPs = 0.0.0.0/0,::0/0", "AllowedIPs = 10.64.0.0/10, 172.16.99.1, fc00:bbbb::/48"));
        Settings s = SettingsAssembly.load(env);
        assertEquals(List.of("10.64.0.0/10", "172.16.99.1/32"), s.vpn().wireguard().allowedIps());
        assertTrue(s.vpn().wireguard().splitTunnel());
        List<String> about = s.warnings().stream().filter(w -> w.contains("WIREGUARD_ALLOWED_IPS")).toList();
        assertEquals(List.of("WIREGUARD_ALLOWED_IPS=\"10.64.0.0/10, 172.16.99.1, fc00:bbbb::/48\" ([Peer] AllowedIPs of " + file
                + "): the IPv6 network fc00:bbbb::/48 is not routed through the tunnel, which carries IPv4 only "
                + "(10.64.0.0/10, 172.16.99.1/32); IPv6 stays closed outside it"), about);
    }

    @Test
    void wireguardAllowedIpsFromTheEnvironment() throws Exception {
        conf(MULLVAD_SHAPE);
        env.put("WIREGUARD_ALLOWED_IPS", "192.168.50.0/24");
        assertEquals(List.of("192.168.50.0/24"), SettingsAssembly.load(env).vpn().wireguard().allowedIps(), "the environment wins");
        env.put("WIREGUARD_ALLOWED_IPS", "10.0.0.0/33,::/0");
        assertEquals(List.of("WIREGUARD_ALLOWED_IPS=\"10.0.0.0/33,::/0\": \"10.0.0.0/33\" is not an IPv4 CIDR; valid: "
                + "comma-separated IPv4 CIDRs such as 10.0.0.0/8,192.168.0.0/16, or 0.0.0.0/0 for everything"),
                assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems());
        env.put("WIREGUARD_ALLOWED_IPS", "::/0");
        assertEquals(List.of("WIREGUARD_ALLOWED_IPS=\"::/0\": only IPv6 networks; valid: at least one IPv4 CIDR such as "
                + "0.0.0.0/0: the tunnel carries IPv4 only"), assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems());
    }

    @Test
    void theEnvironmentWinsOverTheFile() throws Exception {
        conf(MULLVAD_SHAPE);
        env.put("WIREGUARD_ENDPOINT_PORT", "443");
        env.put("WIREGUARD_ADDRESSES", "10.99.0.2/32");
        WireGuardSettings w = SettingsAssembly.load(env).vpn().wireguard();
        assertEquals(Optional.of(443), w.endpointPort());
        assertEquals(List.of("10.99.0.2/32"), w.addresses());
        assertEquals(Optional.of("203.0.113.54"), w.endpointIp(), "the rest still from the file");
    }

    @Test
    void aBadValueOfTheFileNamesItsPlaceAndKeepsSecretsMasked() throws Exception {
        Path file = conf(MULLVAD_SHAPE.replace(PRIVATE, "not-a-key").replace("203.0.113.54:51820", "203.0.113.540:51820"));
        List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems();
        assertTrue(problems.contains("WIREGUARD_PRIVATE_KEY=(secret, not shown) ([Interface] PrivateKey of " + file
                + "): not a WireGuard key; valid: 32 bytes in base64 (44 characters ending in '='), as printed by wg genkey / wg pubkey"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("WIREGUARD_ENDPOINT_IP=\"203.0.113.540\" ([Peer] Endpoint of "
                + file + "): not an IPv4 address or a host name")), problems.toString());
        assertFalse(problems.toString().contains("not-a-key"));
    }

    @Test
    void onlyIpv6AddressesAreRefused() throws Exception {
        env.put("WIREGUARD_PRIVATE_KEY", PRIVATE);
        env.put("WIREGUARD_PUBLIC_KEY", PUBLIC);
        env.put("WIREGUARD_ENDPOINT_IP", "203.0.113.54");
        env.put("WIREGUARD_ADDRESSES", "fc00:bbbb:bbbb:bb01::5:c21/128");
        List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems();
        assertEquals(List.of("WIREGUARD_ADDRESSES=\"fc00:bbbb:bbbb:bb01::5:c21/128\": only IPv6 addresses; valid: at least one "
                + "IPv4 address such as 10.64.222.21/32: the tunnel carries IPv4 only (IPv6 is closed outside it)"), problems);
        env.put("WIREGUARD_ADDRESSES", "10.68.12.34/32, fc00:bbbb:bbbb:bb01::5:c21/128");
        assertEquals(List.of("10.68.12.34/32"), SettingsAssembly.load(env).vpn().wireguard().addresses());
    }

    @Test
    void theDefaultPathIsOptionalAnotherIsNot() throws Exception {
        env.put("WIREGUARD_PRIVATE_KEY", PRIVATE);
        env.put("WIREGUARD_PUBLIC_KEY", PUBLIC);
        env.put("WIREGUARD_ENDPOINT_IP", "203.0.113.54");
        env.put("WIREGUARD_ADDRESSES", "10.68.12.34/32");
        SettingsAssembly.load(env); // /run/secrets/wg0.conf is absent here: none
        env.put("WIREGUARD_CONF_SECRETFILE", dir.resolve("absent.conf").toString());
        List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems();
        assertEquals(List.of("WIREGUARD_CONF_SECRETFILE=\"" + dir.resolve("absent.conf") + "\": no readable file there; "
                + "valid: a WireGuard configuration file ([Interface] and [Peer] sections), or unset"), problems);
    }

    @Test
    void aFileThatIsNotWireGuardsShapeIsRefusedWithItsLine() throws Exception {
        Path file = conf(MULLVAD_SHAPE + "\n[Peer]\nPublicKey = " + PUBLIC + "\nthis is not a setting\n");
        List<String> problems = assertThrows(SettingsException.class, () -> SettingsAssembly.load(env)).problems();
        assertTrue(problems.contains("WIREGUARD_CONF_SECRETFILE=\"" + file + "\": a second [Peer] at line 14; valid: one [Peer], the VPN server"), problems.toString());
        assertTrue(problems.contains("WIREGUARD_CONF_SECRETFILE=\"" + file + "\": line 16 is not 'Key = value'; valid: a WireGuard "
                + "configuration file ([Interface] and [Peer] sections)"), problems.toString());
    }

    @Test
    void openVpnDoesNotReadIt() throws Exception {
        conf("garbage");
        env.put("VPN_TYPE", "openvpn");
        env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 203.0.113.7 1194\n").toString());
        SettingsAssembly.load(env);
    }
}
