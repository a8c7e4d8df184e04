package dev.tunnelkeeper.vpn.openvpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.OpenVpnSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.config.Secret;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.Tunnel;
import dev.tunnelkeeper.vpn.VpnClientException;
import dev.tunnelkeeper.vpn.VpnSettingsFixtures;
import dev.tunnelkeeper.vpn.process.FakeLauncher;
import dev.tunnelkeeper.vpn.process.FakeLauncher.FakeChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The openvpn client without openvpn: what it writes and runs, and how it reads what openvpn prints. */
class OpenVpnClientTest {
    private static final Connection SERVER = new Connection("nl-1", new Endpoint("203.0.113.7", 1194, Protocol.UDP), Optional.empty(), "");

    @TempDir
    Path dir;
    private final FakeLauncher launcher = new FakeLauncher();
    private final LogCapture log = new LogCapture();
    private Path ovpn;

    @BeforeEach
    void writeTheUsersFile() throws Exception {
        ovpn = Files.writeString(dir.resolve("client.ovpn"), "client\nremote 198.51.100.1 1194\nca ca.crt\n");
    }

    private final List<Tunnel> started = new java.util.ArrayList<>();

    @AfterEach
    void stopAndDetach() throws Exception {
        for (Tunnel tunnel : started) {
            tunnel.stop().get(5, TimeUnit.SECONDS); // deletes its private directory
        }
        log.close();
    }

    private Tunnel start(String user, String password) throws VpnClientException {
        OpenVpnSettings settings = new OpenVpnSettings(Optional.of(ovpn), user, new Secret(password), Protocol.UDP,
                Optional.empty(), 0, List.of("--mute", "5"), 1);
        Tunnel tunnel = new OpenVpnClient(VpnSettingsFixtures.openvpnSettings(settings, "tun7"), launcher, Duration.ofSeconds(3)).start(SERVER);
        started.add(tunnel);
        return tunnel;
    }

    private FakeChild child() {
        return launcher.children.getFirst();
    }

    @Test
    void runsOpenvpnOnAPrivateConfigBesideTheUsersFileWithTheFlagsAppended() throws Exception {
        Tunnel tunnel = start("alice", "hunter22");
        List<String> command = child().command;
        assertEquals("openvpn", command.get(0));
        assertEquals("--config", command.get(1));
        assertEquals(List.of("--mute", "5"), command.subList(3, 5));
        assertEquals(dir, child().workingDirectory, "relative paths in the user's file keep working");

        Path config = Path.of(command.get(2));
        Path privateDir = config.getParent();
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)));
        String text = Files.readString(config);
        assertTrue(text.contains("remote 203.0.113.7 1194\n") && text.contains("dev tun7\n"), text);
        Path auth = privateDir.resolve("auth");
        assertTrue(text.contains("auth-user-pass " + auth + "\n"), text);
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auth)));
        assertEquals("alice\nhunter22\n", Files.readString(auth));
        assertFalse(text.contains("hunter22"));

        tunnel.stop().get(5, TimeUnit.SECONDS);
        assertTrue(child().terminated);
        assertFalse(Files.exists(privateDir), "credentials are deleted on stop");
    }

    @Test
    void readyAtInitializationSequenceCompleted() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("Peer Connection Initiated with [AF_INET]203.0.113.7:1194");
        assertFalse(tunnel.ready().isDone());
        child().print("Initialization Sequence Completed");
        assertTrue(tunnel.ready().isDone());
        assertTrue(log.lines().contains("INFO [openvpn] Initialization Sequence Completed"), log.lines()::toString);
    }

    @Test
    void initializationWithErrorsIsNoReadyTunnel() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("Initialization Sequence Completed With Errors ( see https://community.openvpn.net/openvpn/wiki/ErrorsOnStart )");
        assertFalse(tunnel.ready().isDone());
        assertEquals("openvpn completed its initialization with errors (see the lines above)", tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(child().terminated);
    }

    @Test
    void anInternalRestartEndsTheTunnelSoTheSupervisorDecidesWhatNext() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("Initialization Sequence Completed");
        child().print("[server] Inactivity timeout (--ping-restart), restarting");
        child().print("SIGUSR1[soft,ping-restart] received, process restarting");
        assertEquals("openvpn restarted its connection on its own (soft,ping-restart)", tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(child().terminated);
    }

    @Test
    void aTunnelDeviceThatWentAwayEndsTheTunnelAtTheFirstFailedRead() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("Initialization Sequence Completed");
        child().print("read from TUN/TAP : File descriptor in bad state (fd=-1,code=77)");
        assertEquals("openvpn cannot read from the tunnel interface tun7 (File descriptor in bad state): it was probably deleted",
                tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(child().terminated);
    }

    @Test
    void aServerThatRefusesSeveralTimesInARowEndsTheTunnelWithoutWaitingForThePingRestart() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("Initialization Sequence Completed");
        child().print("read UDPv4 [ECONNREFUSED]: Connection refused (fd=3,code=111)");
        child().print("some other line"); // a refusal now and then is no verdict: the count starts over
        for (int i = 1; i < OpenVpnTunnel.REFUSALS_TO_END; i++) {
            child().print("read UDPv4 [ECONNREFUSED]: Connection refused (fd=3,code=111)");
        }
        assertFalse(tunnel.ended().isDone(), "not yet");
        child().print("read UDPv4 [ECONNREFUSED]: Connection refused (fd=3,code=111)");
        assertEquals("the server " + SERVER.endpoint() + " refuses: nothing listens on its port (3 ICMP port-unreachable "
                + "answers in a row)", tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(child().terminated);
    }

    @Test
    void aLineRepeatedInARowIsLoggedOnceWithItsCount() throws Exception {
        Tunnel tunnel = start("", "");
        for (int i = 0; i < 1_000; i++) {
            child().print("read UDPv4 [EHOSTUNREACH]: No route to host (fd=3,code=113)");
        }
        child().print("Initialization Sequence Completed");
        assertEquals(1, log.count("No route to host"), log.lines()::toString);
        assertEquals(1, log.count("INFO [openvpn] (the line above was repeated 999 more times)"), log.lines()::toString);
        child().print("Initialization Sequence Completed");
        child().exit(0);
        tunnel.ended().get(5, TimeUnit.SECONDS);
        assertEquals(1, log.count("(the line above was repeated 1 more time)"), "a run still open is counted at the exit: " + log.lines());
    }

    @Test
    void anExitIsReportedWithItsStatusAndTheLastLinesAreKept() throws Exception {
        Tunnel tunnel = start("", "");
        for (int i = 1; i <= 12; i++) {
            child().print("line " + i);
        }
        child().exit(1);
        assertEquals("openvpn exited with status 1", tunnel.ended().get(5, TimeUnit.SECONDS));
        assertEquals(10, tunnel.lastLines().size());
        assertEquals("line 12", tunnel.lastLines().getLast());
    }

    @Test
    void theAuthFailureIsLoggedWithItsHintAndThePasswordNeverShows() throws Exception {
        start("alice", "hunter22");
        child().print("AUTH: Received control message: AUTH_FAILED");
        child().print("echo of hunter22 by a verbose build");
        assertTrue(log.lines().contains("ERROR [openvpn] AUTH: Received control message: AUTH_FAILED"));
        assertTrue(log.lines().contains("INFO [openvpn] the VPN server refused the user name or password: check OPENVPN_USER and OPENVPN_PASSWORD"));
        assertTrue(log.lines().contains("INFO [openvpn] echo of [redacted] by a verbose build"));
        assertFalse(log.lines().toString().contains("hunter22"));
    }

    @Test
    void aKilledOpenvpnHasTheEndpointRouteItLeftRemoved() throws Exception {
        Tunnel tunnel = start("", "");
        child().exitsOnSigterm = false;
        tunnel.stop().get(5, TimeUnit.SECONDS);
        assertTrue(launcher.commandLines().contains("ip route del 203.0.113.7/32"), launcher.commandLines()::toString);
        assertEquals(1, log.count("WARN [openvpn] openvpn did not exit within 3000 ms of SIGTERM and was killed"));
    }

    @Test
    void anUnreadableConfigIsNamed() throws Exception {
        Files.delete(ovpn);
        VpnClientException e = assertThrows(VpnClientException.class, () -> start("", ""));
        assertTrue(e.getMessage().startsWith("cannot read OPENVPN_CUSTOM_CONFIG " + ovpn), e.getMessage());
        assertTrue(launcher.children.isEmpty());
    }

}
