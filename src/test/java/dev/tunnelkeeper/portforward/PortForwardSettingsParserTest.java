package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingsCatalog;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** gluetun's port forwarding variables, as a compose file writes them, and one clear line per mistake. */
class PortForwardSettingsParserTest {
    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    private PortForwardSettings parse() {
        return PortForwardSettingsParser.parse(name -> {
            var spec = SettingsCatalog.byEnv(name);
            return env.containsKey(name) ? new RawSettings.Value(spec, env.get(name), "env")
                    : new RawSettings.Value(spec, spec.defaultValue(), "default");
        }, problems);
    }

    @Test
    void offByDefaultWithGluetunsStatusFile() {
        PortForwardSettings s = parse();
        assertFalse(s.enabled());
        assertEquals(Path.of("/tmp/gluetun/forwarded_port"), s.statusFile());
        assertEquals(Duration.ofSeconds(60), s.lifetime());
        assertEquals(Optional.empty(), s.qbittorrentUrl());
        assertEquals(List.of(), problems);
    }

    @Test
    void aGluetunComposeFileForProtonVpnWorks() {
        env.put("VPN_SERVICE_PROVIDER", "protonvpn");
        env.put("VPN_PORT_FORWARDING", "on");
        env.put("VPN_PORT_FORWARDING_STATUS_FILE", "/gluetun/forwarded_port");
        env.put("VPN_PORT_FORWARDING_UP_COMMAND", "/bin/sh -c 'wget -O- --post-data \"json={\\\"listen_port\\\":{{PORTS}}}\" http://127.0.0.1:8080/api/v2/app/setPreferences'");
        PortForwardSettings s = parse();
        assertEquals(List.of(), problems);
        assertTrue(s.enabled());
        assertEquals("protonvpn", s.provider(), "the forwarding provider defaults to the VPN provider, as in gluetun");
        assertEquals(Path.of("/gluetun/forwarded_port"), s.statusFile());
    }

    @Test
    void theCustomProviderNamesItsGateway() {
        env.put("VPN_SERVICE_PROVIDER", "custom");
        env.put("VPN_PORT_FORWARDING", "on");
        env.put("VPN_PORT_FORWARDING_PROVIDER", "natpmp");
        assertEquals("natpmp", parse().provider());
        env.put("VPN_PORT_FORWARDING_PROVIDER", "ProtonVPN");
        assertEquals("protonvpn", parse().provider());
        assertEquals(List.of(), problems);
    }

    @Test
    void theCustomProviderWithoutAForwardingProviderIsOneClearLine() {
        env.put("VPN_SERVICE_PROVIDER", "custom");
        env.put("VPN_PORT_FORWARDING", "on");
        parse();
        assertEquals(List.of("VPN_PORT_FORWARDING_PROVIDER default \"\": with VPN_SERVICE_PROVIDER=custom, "
                + "VPN_PORT_FORWARDING=on needs the forwarding provider named; valid: protonvpn, or natpmp for any gateway "
                + "that speaks NAT-PMP (RFC 6886) on the tunnel"), problems);
    }

    @Test
    void gluetunsOtherProvidersAreRefusedClearly() {
        env.put("VPN_SERVICE_PROVIDER", "private internet access");
        env.put("VPN_PORT_FORWARDING", "on");
        parse();
        assertEquals(List.of("VPN_SERVICE_PROVIDER=\"private internet access\": port forwarding with private internet access "
                + "is not supported here (it is not NAT-PMP); valid: protonvpn, or natpmp for any gateway that speaks "
                + "NAT-PMP (RFC 6886) on the tunnel"), problems);
        problems.clear();
        env.put("VPN_PORT_FORWARDING_PROVIDER", "mullvad");
        parse();
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().startsWith("VPN_PORT_FORWARDING_PROVIDER=\"mullvad\": no port forwarding for this provider; valid: protonvpn"),
                problems.getFirst());
    }

    @Test
    void theProviderIsNotCheckedWhileForwardingIsOff() {
        env.put("VPN_SERVICE_PROVIDER", "private internet access");
        parse();
        assertEquals(List.of(), problems);
    }

    @Test
    void eachMistakeIsOneLineNamingTheVariableAndWhatIsValid() {
        env.put("VPN_PORT_FORWARDING", "maybe");
        env.put("VPN_PORT_FORWARDING_LIFETIME", "1s");
        env.put("VPN_PORT_FORWARDING_UP_COMMAND", "echo 'unclosed");
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_URL", "ftp://x");
        env.put("VPN_PORT_FORWARDING_STATUS_FILE", " ");
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", "hunter2");
        parse();
        assertEquals(5, problems.size(), problems.toString());
        assertEquals("VPN_PORT_FORWARDING=\"maybe\": not a boolean; valid: on, off, yes, no, true or false", problems.get(0));
        assertTrue(problems.get(1).startsWith("VPN_PORT_FORWARDING_STATUS_FILE=\" \": empty; valid: "), problems.get(1));
        assertTrue(problems.get(2).startsWith("VPN_PORT_FORWARDING_UP_COMMAND=\"echo 'unclosed\": unclosed ' quote; valid: "), problems.get(2));
        assertEquals("VPN_PORT_FORWARDING_LIFETIME=\"1s\": out of range or not whole seconds; valid: a duration from 2s to 24h, such as 60s",
                problems.get(3));
        assertTrue(problems.get(4).startsWith("VPN_PORT_FORWARDING_QBITTORRENT_URL=\"ftp://x\": not an http(s) URL"), problems.get(4));
        assertTrue(problems.stream().noneMatch(p -> p.contains("hunter2")));
    }

    @Test
    void qBittorrentsUrlAndCredentialsAreRead() {
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_URL", "http://127.0.0.1:8080");
        env.put("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", "hunter2");
        PortForwardSettings s = parse();
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), s.qbittorrentUrl());
        assertEquals("admin", s.qbittorrentUser());
        assertEquals("[set]", s.qbittorrentPassword().toString(), "masked wherever it is printed");
    }
}
