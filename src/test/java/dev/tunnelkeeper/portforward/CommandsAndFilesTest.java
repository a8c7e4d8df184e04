package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.process.OsProcessLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The up and down commands (split without a shell, placeholders, real processes), the status file, the gateway. */
class CommandsAndFilesTest {
    @TempDir
    Path dir;

    @Test
    void aCommandLineIsSplitLikeAShellWouldWithoutRunningOne() {
        assertEquals(List.of("/bin/sh", "-c", "echo {{PORT}} > /x"), CommandLine.split("/bin/sh -c 'echo {{PORT}} > /x'"));
        assertEquals(List.of("a b", "c\"d", ""), CommandLine.split("\"a b\" \"c\\\"d\" ''"));
        assertEquals(List.of(), CommandLine.split("   "));
        assertThrows(IllegalArgumentException.class, () -> CommandLine.split("echo \"open"));
    }

    @Test
    void placeholdersAreReplacedInsideEachWordSoAValueNeverBecomesTwoWords() {
        List<String> words = CommandLine.split("notify --ports={{PORTS}} {{PORT}} {{VPN_INTERFACE}}");
        assertEquals(List.of("notify", "--ports=40000,40001", "40000", "tun0"),
                PortCommands.expand(words, List.of(40000, 40001), "tun0"));
        assertEquals(List.of("x", "a b"), CommandLine.expand(List.of("x", "{{V}}"), java.util.Map.of("V", "a b")));
    }

    @Test
    void downRunsWithTheOldPortThenUpWithTheNewOne() throws Exception {
        Path out = dir.resolve("out");
        PortCommands commands = new PortCommands("/bin/sh -c 'echo up {{PORTS}} {{VPN_INTERFACE}} >> " + out + "'",
                "/bin/sh -c 'echo down {{PORT}} >> " + out + "'", new OsProcessLauncher(), Duration.ofSeconds(30));
        commands.portForwarded(new PortForwardEvent(List.of(40000), List.of(), Optional.of("s1"), "tun0"));
        commands.portForwarded(new PortForwardEvent(List.of(41000), List.of(40000), Optional.of("s1"), "tun0"));
        commands.portForwarded(new PortForwardEvent(List.of(), List.of(41000), Optional.of("s1"), "tun0"));
        assertEquals(List.of("up 40000 tun0", "down 40000", "up 41000 tun0", "down 41000"), Files.readAllLines(out));
    }

    @Test
    void aCommandThatRunsTooLongIsStoppedAndTheCallReturns() throws Exception {
        Path started = dir.resolve("started");
        PortCommands commands = new PortCommands("/bin/sh -c 'touch " + started + "; exec sleep 60'", "",
                new OsProcessLauncher(), Duration.ofSeconds(1));
        long t0 = System.nanoTime();
        commands.portForwarded(new PortForwardEvent(List.of(40000), List.of(), Optional.empty(), "tun0"));
        assertTrue(Files.exists(started));
        assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(20)) < 0, "not the 60 s of the sleep");
    }

    @Test
    void aMissingProgramIsLoggedNotThrown() {
        PortCommands commands = new PortCommands("/nonexistent/notify {{PORT}}", "", new OsProcessLauncher(), Duration.ofSeconds(5));
        commands.portForwarded(new PortForwardEvent(List.of(40000), List.of(), Optional.empty(), "tun0"));
    }

    @Test
    void theStatusFileIsGluetunsFormatAndGoesAwayWhenForwardingStops() throws Exception {
        Path file = dir.resolve("sub/forwarded_port");
        StatusFile status = new StatusFile(file);
        status.write(List.of(40000));
        assertEquals("40000", Files.readString(file), "the port alone, no newline");
        status.write(List.of(40000, 40001));
        assertEquals("40000\n40001", Files.readString(file));
        status.delete();
        assertFalse(Files.exists(file));
        try (var left = Files.list(file.getParent())) {
            assertEquals(0, left.count(), "no temporary file left");
        }
    }

    @Test
    void theTunnelGatewayComesFromTheRoutesThroughTheInterfaceElseTheFirstAddressOfItsNetwork() {
        List<String> routes = List.of(
                "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT",
                "eth0\t00000000\t0100C80A\t0003\t0\t0\t0\t00000000\t0\t0\t0",
                "tun0\t00000000\t0101080A\t0003\t0\t0\t0\t00000080\t0\t0\t0",
                "tun0\t0001080A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0");
        assertEquals(Optional.of("10.8.1.1"), TunnelGateway.fromRoutes(routes, "tun0"));
        assertEquals(Optional.empty(), TunnelGateway.fromRoutes(routes, "wg0"));
        assertEquals("10.2.0.1", TunnelGateway.firstHost(new byte[] {10, 2, 0, 2}, 32), "ProtonVPN's WireGuard gateway");
        assertEquals("10.8.1.1", TunnelGateway.firstHost(new byte[] {10, 8, 1, 7}, 24));
    }

    @Test
    void qBittorrentsListenPortIsReadFromItsPreferences() {
        assertEquals(Optional.of(6881), QBittorrentSync.parseListenPort("{\"dht\":false,\"listen_port\": 6881,\"upnp\":false}"));
        assertEquals(Optional.empty(), QBittorrentSync.parseListenPort("{}"));
    }
}
