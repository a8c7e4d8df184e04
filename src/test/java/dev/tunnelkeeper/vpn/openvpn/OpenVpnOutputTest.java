package dev.tunnelkeeper.vpn.openvpn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.heal.LikelyCauses;
import dev.tunnelkeeper.process.OutputLine;
import dev.tunnelkeeper.process.OutputLine.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenVpnOutputTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Initialization Sequence Completed|INFO|Initialization Sequence Completed",
            "OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)]|INFO|OpenVPN 2.6.14 x86_64-pc-linux-gnu [SSL (OpenSSL)]",
            "NOTE: UID/GID downgrade will be delayed|INFO|UID/GID downgrade will be delayed",
            "WARNING: file 'auth' is group or others accessible|WARN|file 'auth' is group or others accessible",
            "ERROR: Cannot ioctl TUNSETIFF tun0: Operation not permitted (errno=1)|ERROR|Cannot ioctl TUNSETIFF tun0: Operation not permitted (errno=1)",
            "Options error: Unrecognized option or missing or extra parameter(s) in x.conf:3: foo (2.6.14)|ERROR|Options error: Unrecognized option or missing or extra parameter(s) in x.conf:3: foo (2.6.14)",
            "Exiting due to fatal error|ERROR|Exiting due to fatal error",
            "SIGUSR1[soft,ping-restart] received, process restarting|WARN|SIGUSR1[soft,ping-restart] received, process restarting",
            "TCP: connect to [AF_INET]10.0.0.1:443 failed: Connection refused|WARN|TCP: connect to [AF_INET]10.0.0.1:443 failed: Connection refused",
    })
    void mapsOpenvpnsOwnPrefixesToOurLevels(String line, Level level, String text) {
        OutputLine out = OpenVpnOutput.classify(line);
        assertEquals(level, out.level());
        assertEquals(text, out.text());
        assertTrue(out.hints().isEmpty());
    }

    @Test
    void authFailureSaysWhichSettingsToCheck() {
        OutputLine out = OpenVpnOutput.classify("AUTH: Received control message: AUTH_FAILED");
        assertEquals(Level.ERROR, out.level());
        assertEquals("the VPN server refused the user name or password: check OPENVPN_USER and OPENVPN_PASSWORD", out.hints().getFirst());
    }

    @Test
    void aMissingUserNameSaysWhichSettingsToSet() {
        OutputLine out = OpenVpnOutput.classify("ERROR: could not read Auth username from stdin");
        assertEquals(Level.ERROR, out.level());
        assertTrue(out.hints().getFirst().contains("set OPENVPN_USER and OPENVPN_PASSWORD"));
    }

    @Test
    void tlsFailuresExplainWithTheSharedListOfLikelyCauses() {
        for (String line : new String[]{
                "TLS Error: TLS key negotiation failed to occur within 60 seconds (check your network connectivity)",
                "TLS Error: TLS handshake failed"}) {
            OutputLine out = OpenVpnOutput.classify(line);
            assertEquals(Level.WARN, out.level());
            assertEquals("the VPN server is unreachable or its address is invalid; likely causes, most likely first:", out.hints().getFirst());
            assertEquals(1 + LikelyCauses.CAUSES.size(), out.hints().size());
            assertEquals("  1) " + LikelyCauses.CAUSES.getFirst(), out.hints().get(1));
        }
    }
}
