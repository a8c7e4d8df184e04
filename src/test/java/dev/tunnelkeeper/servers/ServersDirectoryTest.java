package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.ServerSettings;
import dev.tunnelkeeper.log.LogCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gluetun's servers directory: a manifest.json naming one file per provider. The samples follow the layout gluetun's
 * storage test checks (the manifest has "version" and, per provider, {"filepath": "<directory>/<provider>.json"});
 * each provider file is that provider's block of the legacy servers.json.
 */
class ServersDirectoryTest {
    @TempDir
    Path dir;
    private final List<String> problems = new ArrayList<>();

    private Optional<ServerCatalog> load(Path file, String provider) {
        ServerSettings settings = Fixtures.serverSettings(file, true);
        return ServerCatalogLoader.load(settings, Fixtures.withProvider(Fixtures.openVpn(Optional.empty(), Protocol.UDP),
                provider), problems);
    }

    /** gluetun's layout as it writes it in its container: absolute paths under /gluetun/servers. */
    private Path gluetunDirectory() throws IOException {
        Path servers = Files.createDirectories(dir.resolve("servers"));
        Files.writeString(servers.resolve("manifest.json"), """
                {"version": 1,
                 "airvpn": {"filepath": "/gluetun/servers/airvpn.json"},
                 "mullvad": {"filepath": "/gluetun/servers/mullvad.json"},
                 "private internet access": {"filepath": "/gluetun/servers/private internet access.json"}}""");
        Files.writeString(servers.resolve("airvpn.json"), """
                {"version": 1, "timestamp": 1700000000, "servers": [
                  {"vpn": "openvpn", "country": "Netherlands", "city": "Alblasserdam", "server_name": "Alathfar",
                   "hostname": "nl3.vpn.airdns.org", "ips": ["203.0.113.20"], "udp": true, "tcp": true},
                  {"vpn": "openvpn", "country": "Netherlands", "server_name": "Ain", "ips": [""], "udp": true},
                  {"vpn": "openvpn", "country": "Sweden", "server_name": "Ogma", "ips": ["203.0.113.21"], "udp": true}
                ]}""");
        // Not JSON: only the chosen provider's file is read, so it never matters.
        Files.writeString(servers.resolve("mullvad.json"), "{ not json");
        return servers;
    }

    @Test
    void theProvidersFileIsReadAndABadEntrySkippedWithAWarning() throws IOException {
        Path servers = gluetunDirectory();
        try (LogCapture log = new LogCapture()) {
            ServerCatalog catalog = load(servers, "AirVPN").orElseThrow(() -> new AssertionError(problems));
            assertEquals(List.of(), problems);
            assertEquals(List.of("Alathfar", "Ogma"), catalog.servers().stream().map(Server::name).toList());
            assertEquals(servers.resolve("airvpn.json").toString(), catalog.source());
            assertEquals(1, log.lines().stream().filter(l -> l.contains("skipping servers[1] (\"Ain\")")
                    && l.contains("servers[1].ips[0]: \"\" is not an IP address")).count(), log.lines().toString());
        }
    }

    @Test
    void theManifestItselfMayBeNamed() throws IOException {
        Path servers = gluetunDirectory();
        assertEquals(2, load(servers.resolve("manifest.json"), "airvpn").orElseThrow().servers().size());
    }

    @Test
    void aRelativeFilepathAndAProviderNameWithSpaces() throws IOException {
        Path servers = Files.createDirectories(dir.resolve("s"));
        Files.writeString(servers.resolve("manifest.json"),
                "{\"version\": 1, \"private internet access\": {\"filepath\": \"pia.json\"}}");
        Files.writeString(servers.resolve("pia.json"), "{\"version\": 1, \"servers\": [{\"vpn\": \"openvpn\", "
                + "\"server_name\": \"ca-montreal\", \"ips\": [\"203.0.113.30\"], \"udp\": true}]}");
        assertEquals("ca-montreal", load(servers, "Private Internet Access").orElseThrow().servers().get(0).name());
    }

    @Test
    void theOtherProvidersFilesAreNeverRead() throws IOException {
        Path servers = gluetunDirectory();
        // mullvad.json is not JSON: asking for mullvad says so, asking for airvpn never opened it (above)
        assertTrue(load(servers, "mullvad").isEmpty());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(servers.resolve("mullvad.json") + ": not valid JSON"), problems.get(0));
    }

    @Test
    void aProviderNotInTheManifest() throws IOException {
        Path servers = gluetunDirectory();
        assertTrue(load(servers, "nordvpn").isEmpty());
        assertEquals(List.of(servers.resolve("manifest.json") + ": no entry for VPN_SERVICE_PROVIDER=nordvpn (providers "
                + "here: airvpn, mullvad, private internet access); valid: VPN_SERVICE_PROVIDER naming one of them, or a "
                + "servers directory with that provider"), problems);
    }

    @Test
    void aProviderFileThatIsMissing() throws IOException {
        Path servers = gluetunDirectory();
        assertTrue(load(servers, "private internet access").isEmpty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(servers.resolve("manifest.json")
                + ": \"private internet access\": its servers file is not there (looked for "
                + "/gluetun/servers/private internet access.json, " + servers.resolve("private internet access.json")),
                problems.get(0));
    }

    @Test
    void aDirectoryWithoutManifestAndABrokenManifest() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertTrue(load(empty, "airvpn").isEmpty());
        assertEquals(List.of("SERVERS_FILE=\"" + empty + "\": a directory without manifest.json; valid: gluetun's servers "
                + "directory (manifest.json and one file per provider), its manifest.json, or a servers file shaped like "
                + "config/servers.example.json"), problems);
        problems.clear();
        Files.writeString(empty.resolve("manifest.json"), "[1, 2]");
        assertTrue(load(empty, "airvpn").isEmpty());
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith(empty.resolve("manifest.json") + ": the top level is "), problems.get(0));
    }

    @Test
    void theLegacySingleFileStillWorks() throws IOException {
        Path file = Files.writeString(dir.resolve("servers.json"), """
                {"version": 1, "airvpn": {"version": 1, "servers": [
                  {"vpn": "openvpn", "server_name": "Alathfar", "ips": ["203.0.113.20"], "udp": true}]}}""");
        assertEquals("Alathfar", load(file, "airvpn").orElseThrow().servers().get(0).name());
    }
}
