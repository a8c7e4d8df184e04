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
import dev.tunnelkeeper.process.FakeLauncher;
import dev.tunnelkeeper.process.FakeLauncher.FakeChild;
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

    // ---- configuration errors: openvpn's Options error lines (as openvpn 2.6.14 prints them) ----

    private Tunnel startWith(String ovpnText, String user, List<String> flags) throws VpnClientException, java.io.IOException {
        ovpn = Files.writeString(dir.resolve("custom.ovpn"), ovpnText);
        OpenVpnSettings settings = new OpenVpnSettings(Optional.of(ovpn), user, new Secret(user.isEmpty() ? "" : "pw"),
                Protocol.UDP, Optional.empty(), 0, flags, 1);
        Tunnel tunnel = new OpenVpnClient(VpnSettingsFixtures.openvpnSettings(settings, "tun0"), launcher, Duration.ofSeconds(3))
                .start(SERVER);
        started.add(tunnel);
        return tunnel;
    }

    private Path builtConfig() {
        return Path.of(child().command.get(2));
    }

    /** The line of the built file that holds {@code text}, as openvpn numbers it. */
    private int builtLine(String text) throws Exception {
        List<String> lines = Files.readAllLines(builtConfig());
        return lines.indexOf(text) + 1;
    }

    private List<String> refusal(Tunnel tunnel) throws Exception {
        java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof dev.tunnelkeeper.vpn.VpnConfigurationException, e.toString());
        return ((dev.tunnelkeeper.vpn.VpnConfigurationException) e.getCause()).problems();
    }

    @Test
    void anUnknownOptionIsNamedByItsLineInTheUsersFileNotInOurCopy() throws Exception {
        Tunnel tunnel = startWith("client\ndev tun\nproto udp\nremote vpn.example 1194\nremote-random\nkeysize 256\nca ca.crt\n", "", List.of());
        int line = builtLine("keysize 256");
        assertTrue(line > 0 && line != 6, "our copy drops the remote lines: " + line);
        child().print("Options error: Unrecognized option or missing or extra parameter(s) in " + builtConfig() + ":" + line
                + ": keysize (2.6.14)");
        child().print("Use --help for more information.");
        child().exit(1);
        assertEquals(List.of("OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 6 (\"keysize 256\"): openvpn 2.6.14 does not know the "
                + "option \"keysize\", or not with these arguments; valid: the option as openvpn 2.6.14's manual writes it, or "
                + "remove the line"), refusal(tunnel));
        assertTrue(log.lines().contains("ERROR [openvpn] Options error: Unrecognized option or missing or extra parameter(s) in "
                + builtConfig() + ":" + line + ": keysize (2.6.14)"), log.lines()::toString);
    }

    @Test
    void aMissingKeyFileNamesTheLineAndWhereRelativePathsStart() throws Exception {
        Tunnel tunnel = startWith("client\nremote vpn.example 1194\nca ca.crt\ncert client.crt\nkey keys/client.key\n", "", List.of());
        child().print("WARNING: cannot stat file 'keys/client.key': No such file or directory (errno=2)");
        child().print("Options error: --key fails with 'keys/client.key': No such file or directory (errno=2)");
        child().print("Options error: Please correct these errors.");
        child().print("Use --help for more information.");
        child().exit(1);
        assertEquals(List.of("OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 5 (\"key keys/client.key\"): the file keys/client.key "
                + "cannot be read: No such file or directory (errno=2); valid: the path of the file, absolute or relative to the "
                + ".ovpn's directory (" + dir + "), or its contents inline in a <key>...</key> block"), refusal(tunnel));
    }

    @Test
    void aCipherOpenVpn26RefusesNamesItsLine() throws Exception {
        Tunnel tunnel = startWith("client\nremote vpn.example 1194\nca ca.crt\ndata-ciphers BF-CBC\nauth-user-pass\n", "alice", List.of());
        child().print("Unsupported cipher in --data-ciphers: BF-CBC");
        child().print("Options error: --data-ciphers list contains unsupported ciphers or is too long.");
        child().print("Use --help for more information.");
        child().exit(1);
        assertEquals(List.of("OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 4 (\"data-ciphers BF-CBC\"): openvpn 2.6 does not "
                + "support the cipher BF-CBC; valid: ciphers it supports, such as AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305 "
                + "(openvpn --show-ciphers lists them)"), refusal(tunnel));
    }

    @Test
    void anUnknownFlagNamesOpenVpnFlags() throws Exception {
        Tunnel tunnel = startWith("client\nremote vpn.example 1194\nca ca.crt\nauth-user-pass\n", "alice", List.of("--fast-io", "--foo-bar"));
        child().print("Options error: Unrecognized option or missing or extra parameter(s) in [CMD-LINE]:1: foo-bar (2.6.14)");
        child().exit(1);
        assertEquals(List.of("OPENVPN_FLAGS=\"--fast-io --foo-bar\": openvpn 2.6.14 does not know --foo-bar, or not with these "
                + "arguments; valid: flags openvpn 2.6.14 accepts (openvpn --help lists them), or leave --foo-bar out"), refusal(tunnel));
    }

    @Test
    void noWayToLogInSaysWhichSettingsGiveOne() throws Exception {
        Tunnel tunnel = startWith("client\nremote vpn.example 1194\nca ca.crt\n", "", List.of());
        child().print("Options error: No client-side authentication method is specified.  You must use either --cert/--key, --pkcs12, or --auth-user-pass");
        child().exit(1);
        List<String> problems = refusal(tunnel);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\": openvpn has no way to log in")
                && problems.get(0).contains("valid: set OPENVPN_USER and OPENVPN_PASSWORD"), problems.get(0));
    }

    @Test
    void aBareAuthUserPassWithoutOpenVpnUserIsRefusedBeforeOpenvpnRuns() {
        dev.tunnelkeeper.vpn.VpnConfigurationException e = assertThrows(dev.tunnelkeeper.vpn.VpnConfigurationException.class,
                () -> startWith("client\nremote vpn.example 1194\nca ca.crt\nauth-user-pass\n", "", List.of()));
        assertEquals(List.of("OPENVPN_USER is not set, but OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line 4 (\"auth-user-pass\") asks "
                + "for a user name and password; valid: set OPENVPN_USER and OPENVPN_PASSWORD to your provider's service credentials"),
                e.problems());
        assertTrue(launcher.children.isEmpty());
    }

    @Test
    void anOrdinaryExitIsStillACrashToRetry() throws Exception {
        Tunnel tunnel = startWith("client\nremote vpn.example 1194\nca ca.crt\n", "", List.of());
        child().print("SIGTERM[hard,] received, process exiting");
        child().exit(0);
        assertEquals("openvpn exited with status 0", tunnel.ended().get(5, TimeUnit.SECONDS));
    }

    @Test
    void optionsThatCannotWorkInAContainerAreLeftOutWithOneWarningEach() throws Exception {
        String text = "client\nremote vpn.example 1194\nca ca.crt\nblock-outside-dns\nscript-security 2\n"
                + "up /etc/openvpn/update-resolv-conf\ndown /etc/openvpn/update-resolv-conf\nsetenv opt block-outside-dns\n";
        startWith(text, "", List.of());
        String built = Files.readString(builtConfig());
        assertFalse(built.contains("\nblock-outside-dns") || built.contains("script-security") || built.contains("update-resolv-conf"), built);
        assertTrue(built.contains("setenv opt block-outside-dns"), "setenv opt makes openvpn ignore it: kept");
        String prefix = "WARN [openvpn] OPENVPN_CUSTOM_CONFIG=\"" + ovpn + "\" line ";
        assertEquals(List.of(
                prefix + "4 (\"block-outside-dns\") is left out: a Windows-only option, which openvpn on Linux refuses or ignores",
                prefix + "5 (\"script-security 2\") is left out: scripts do not run here: tunnelkeeper sets up DNS and routes itself",
                prefix + "6 (\"up /etc/openvpn/update-resolv-conf\") is left out: scripts do not run here: tunnelkeeper sets up DNS and routes itself",
                prefix + "7 (\"down /etc/openvpn/update-resolv-conf\") is left out: scripts do not run here: tunnelkeeper sets up DNS and routes itself"),
                log.lines().stream().filter(l -> l.startsWith("WARN")).toList());
    }

    @Test
    void aCipherOfOpenVpnCiphersThatOpenVpnRefusesNamesTheSetting() throws Exception {
        ovpn = Files.writeString(dir.resolve("custom.ovpn"), "client\nremote vpn.example 1194\nca ca.crt\ndata-ciphers AES-256-GCM\n");
        OpenVpnSettings settings = new OpenVpnSettings(Optional.of(ovpn), "", Secret.NONE, Protocol.UDP, Optional.empty(), 0,
                List.of(), 1, List.of("BF-CBC"), "");
        Tunnel tunnel = new OpenVpnClient(VpnSettingsFixtures.openvpnSettings(settings, "tun0"), launcher, Duration.ofSeconds(3))
                .start(SERVER);
        started.add(tunnel);
        child().print("Unsupported cipher in --data-ciphers: BF-CBC");
        child().print("Options error: --data-ciphers list contains unsupported ciphers or is too long.");
        child().exit(1);
        assertEquals(List.of("OPENVPN_CIPHERS=\"BF-CBC\": openvpn 2.6 does not support the cipher BF-CBC; valid: ciphers it "
                + "supports, such as AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305 (openvpn --show-ciphers lists them)"), refusal(tunnel));
    }

    /** The line before "Exiting due to fatal error" is the cause: at ERROR, with a hint, and in the tunnel's end reason. */
    @Test
    void theRealCauseOfAFatalErrorIsAnErrorAndTheEndReasonNamesIt() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("OpenSSL: error:0A00018E:SSL routines::ca md too weak");
        child().print("Cannot load certificate file client.crt");
        child().print("Exiting due to fatal error");
        child().exit(1);
        assertEquals("openvpn exited with status 1: Cannot load certificate file client.crt", tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(log.lines().contains("ERROR [openvpn] OpenSSL: error:0A00018E:SSL routines::ca md too weak"), log.lines()::toString);
        assertTrue(log.lines().contains("ERROR [openvpn] Cannot load certificate file client.crt"), log.lines()::toString);
        assertTrue(log.lines().stream().anyMatch(l -> l.startsWith("INFO [openvpn] the provider's certificate is signed with a digest")),
                log.lines()::toString);
        assertTrue(log.lines().contains("ERROR [openvpn] Exiting due to fatal error"));
    }

    @Test
    void aMissingFileAtRunTimeIsAnError() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("WARNING: cannot stat file 'ta.key': No such file or directory (errno=2)");
        child().print("Cannot open file key file 'ta.key': No such file or directory (errno=2)");
        child().print("Exiting due to fatal error");
        child().exit(1);
        assertEquals("openvpn exited with status 1: Cannot open file key file 'ta.key': No such file or directory (errno=2)",
                tunnel.ended().get(5, TimeUnit.SECONDS));
        assertTrue(log.lines().contains("WARN [openvpn] cannot stat file 'ta.key': No such file or directory (errno=2)"), log.lines()::toString);
        assertTrue(log.lines().contains("ERROR [openvpn] Cannot open file key file 'ta.key': No such file or directory (errno=2)"), log.lines()::toString);
    }

    /** Servers push Windows' block-outside-dns; openvpn says "Options error" for it, ignores it and goes on. */
    @Test
    void anOptionThePushedServerSentIsNoConfigurationError() throws Exception {
        Tunnel tunnel = start("", "");
        child().print("PUSH: Received control message: 'PUSH_REPLY,block-outside-dns,dhcp-option DNS 10.2.0.1,ifconfig 10.2.0.2 255.255.0.0'");
        child().print("Options error: Unrecognized option or missing or extra parameter(s) in [PUSH-OPTIONS]:1: block-outside-dns (2.6.14)");
        child().print("Initialization Sequence Completed");
        assertTrue(tunnel.ready().isDone());
        child().exit(1);
        assertEquals("openvpn exited with status 1", tunnel.ended().get(5, TimeUnit.SECONDS), "an ordinary crash, retried");
        assertTrue(log.lines().contains("WARN [openvpn] Options error: Unrecognized option or missing or extra parameter(s) in "
                + "[PUSH-OPTIONS]:1: block-outside-dns (2.6.14)"), log.lines()::toString);
    }
}
