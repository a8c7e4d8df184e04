package dev.tunnelkeeper.vpn.openvpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpenVpnConfigTest {
    private static final String PROVIDER_FILE = """
            client
            dev tun
            proto udp
            remote 198.51.100.1 1194
            remote 198.51.100.2 1194
            remote-random
            resolv-retry infinite
            nobind
            persist-key
            persist-tun
            verb 3
            auth-user-pass
            daemon
            log /var/log/openvpn.log
            user nobody
            mssfix 1450
            keepalive 10 60
            <ca>
            -----BEGIN CERTIFICATE-----
            remote 6.6.6.6 66
            dev evil
            -----END CERTIFICATE-----
            </ca>
            """;
    private static final Connection SERVER = new Connection("nl-1", new Endpoint("203.0.113.7", 443, Protocol.TCP), Optional.empty(), "");

    private static String build(String file, OpenVpnSettings settings, Optional<Path> auth) {
        return OpenVpnConfig.build(OpenVpnConfigFile.parse(Path.of("p.ovpn"), file.lines().toList()), SERVER, "tun0", settings, auth);
    }

    private static OpenVpnSettings settings(String user, int mssfix, int verbosity) {
        return new OpenVpnSettings(Optional.of(Path.of("p.ovpn")), user, new Secret(user.isEmpty() ? "" : "hunter22"),
                Protocol.TCP, Optional.empty(), mssfix, List.of(), verbosity);
    }

    @Test
    void theServerLinesComeFromTheConnectionSoOneFileServesEveryServer() {
        List<String> lines = build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).lines().toList();
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("remote 198.51.100.")), lines::toString);
        assertEquals(1, lines.stream().filter("remote 203.0.113.7 443"::equals).count());
        assertTrue(lines.contains("proto tcp-client"));
        assertTrue(lines.contains("dev tun0"));
        assertTrue(lines.contains("dev-type tun"));
        assertFalse(lines.contains("remote-random"));
        assertFalse(lines.contains("dev tun"));
        assertFalse(lines.contains("proto udp"));
    }

    @Test
    void inlineBlocksAreKeptVerbatimAndNeverReadAsOptions() {
        String config = build(PROVIDER_FILE, settings("", 0, 1), Optional.empty());
        assertTrue(config.contains("<ca>\n-----BEGIN CERTIFICATE-----\nremote 6.6.6.6 66\ndev evil\n-----END CERTIFICATE-----\n</ca>\n"), config);
    }

    @Test
    void addsGluetunsOptionsAndOurs() {
        List<String> lines = build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).lines().toList();
        for (String option : List.of("persist-tun", "mute-replay-warnings", "auth-nocache", "pull-filter ignore \"auth-token\"",
                "auth-retry nointeract", "suppress-timestamps", "verb 1", "pull-filter ignore \"route-ipv6\"",
                "pull-filter ignore \"ifconfig-ipv6\"")) {
            assertEquals(1, lines.stream().filter(option::equals).count(), option + " once in " + lines);
        }
        assertFalse(lines.contains("verb 3"));
    }

    @Test
    void dropsWhatWouldHideTheOutputOrKeepOpenvpnFromCleaningUp() {
        List<String> lines = build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).lines().toList();
        assertFalse(lines.contains("daemon"));
        assertFalse(lines.contains("log /var/log/openvpn.log"));
        assertFalse(lines.contains("user nobody"));
    }

    @Test
    void credentialsComeFromTheAuthFileOnlyWhenAUserIsSet() {
        List<String> withUser = build(PROVIDER_FILE, settings("alice", 0, 1), Optional.of(Path.of("/tmp/x/auth"))).lines().toList();
        assertTrue(withUser.contains("auth-user-pass /tmp/x/auth"));
        assertFalse(withUser.contains("auth-user-pass"));
        assertFalse(String.join("\n", withUser).contains("hunter22"), "the password never enters the config");

        List<String> without = build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).lines().toList();
        assertTrue(without.contains("auth-user-pass"), "the file's own prompt stays: openvpn then says what is missing");
    }

    @Test
    void mssfixReplacesTheProvidersOnlyWhenSet() {
        assertTrue(build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).contains("\nmssfix 1450\n"));
        String set = build(PROVIDER_FILE, settings("", 1320, 1), Optional.empty());
        assertTrue(set.contains("\nmssfix 1320\n"));
        assertFalse(set.contains("mssfix 1450"));
    }

    @Test
    void pingsAreAddedOnlyWhenTheFileHasNone() {
        assertFalse(build(PROVIDER_FILE, settings("", 0, 1), Optional.empty()).contains("ping-restart 60"));
        String bare = build("client\nremote 198.51.100.1\n", settings("", 0, 4), Optional.empty());
        assertTrue(bare.contains("\nping 10\nping-restart 60\n"), bare);
        assertTrue(bare.contains("\nverb 4\n"));
    }

    @Test
    void aDevTypeOfTheFileIsKept() {
        String config = build("client\ndev-type tap\nremote 198.51.100.1\n", settings("", 0, 1), Optional.empty());
        assertTrue(config.contains("dev-type tap"));
        assertFalse(config.contains("dev-type tun"));
    }

    @Test
    void connectionBlocksOfOtherServersAreDropped() {
        String config = build("client\n<connection>\nremote 198.51.100.9 1194\nproto tcp\n</connection>\n",
                settings("", 0, 1), Optional.empty());
        assertFalse(config.contains("198.51.100.9"));
        assertFalse(config.contains("<connection>"));
    }

    @Test
    void openVpnCiphersAndAuthReplaceTheFilesAsGluetunWritesThem() {
        OpenVpnConfigFile file = OpenVpnConfigFile.parse(Path.of("p.ovpn"), List.of("client", "remote 198.51.100.1 1194",
                "cipher AES-256-CBC", "data-ciphers AES-256-CBC", "ncp-ciphers AES-256-CBC", "auth SHA1", "ca ca.crt"));
        OpenVpnSettings settings = new OpenVpnSettings(Optional.empty(), "", Secret.NONE, Protocol.UDP, Optional.empty(), 0,
                List.of(), 1, List.of("AES-256-GCM", "AES-128-GCM"), "SHA256");
        String built = OpenVpnConfig.build(file, new Connection("s", new Endpoint("203.0.113.1", 1194, Protocol.UDP),
                Optional.empty(), ""), "tun0", settings, Optional.empty());
        List<String> lines = built.lines().toList();
        assertFalse(lines.contains("cipher AES-256-CBC") || lines.contains("data-ciphers AES-256-CBC")
                || lines.contains("ncp-ciphers AES-256-CBC") || lines.contains("auth SHA1"), built);
        assertTrue(lines.contains("data-ciphers-fallback AES-256-GCM") && lines.contains("data-ciphers AES-256-GCM:AES-128-GCM")
                && lines.contains("auth SHA256"), built);

        String kept = OpenVpnConfig.build(file, new Connection("s", new Endpoint("203.0.113.1", 1194, Protocol.UDP),
                Optional.empty(), ""), "tun0", new OpenVpnSettings(Optional.empty(), "", Secret.NONE, Protocol.UDP,
                Optional.empty(), 0, List.of(), 1), Optional.empty());
        assertTrue(kept.contains("\ncipher AES-256-CBC\n") && kept.contains("\nauth SHA1\n"), "unset: the file's own");
    }
}
