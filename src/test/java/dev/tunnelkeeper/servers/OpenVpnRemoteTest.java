package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpenVpnRemoteTest {
    private final List<String> problems = new ArrayList<>();

    private Optional<OpenVpnRemote> parse(String ovpn, Protocol fallback) {
        return OpenVpnRemote.parse(List.of(ovpn.split("~", -1)), fallback, new Problems("OPENVPN_CUSTOM_CONFIG=\"c.ovpn\"", problems));
    }

    /** Lines are separated by '~' in the tables. */
    @ParameterizedTest(name = "{0} (OPENVPN_PROTOCOL {1})")
    @CsvSource(delimiter = '|', value = {
            "client~remote 203.0.113.7                          | UDP | 203.0.113.7 | 1194 | UDP",
            "remote 203.0.113.7 443 tcp                         | UDP | 203.0.113.7 | 443  | TCP",
            "remote 203.0.113.7 1195 udp4                       | TCP | 203.0.113.7 | 1195 | UDP",
            "--remote 203.0.113.7 1194 tcp-client               | UDP | 203.0.113.7 | 1194 | TCP",
            "remote 203.0.113.7                                 | TCP | 203.0.113.7 | 443  | TCP",
            "proto tcp~remote 203.0.113.7                       | UDP | 203.0.113.7 | 443  | TCP",
            "remote 203.0.113.7 1195~proto tcp-client           | UDP | 203.0.113.7 | 1195 | TCP",
            "port 1200~remote 203.0.113.7                       | UDP | 203.0.113.7 | 1200 | UDP",
            "rport 1201~remote 203.0.113.7 1202                 | UDP | 203.0.113.7 | 1202 | UDP",
            "# remote 10.0.0.1~; remote 10.0.0.2~remote 203.0.113.7 | UDP | 203.0.113.7 | 1194 | UDP",
            "remote 203.0.113.7~remote 203.0.113.8 1195         | UDP | 203.0.113.7 | 1194 | UDP",
            "<ca>~remote 10.0.0.1~</ca>~remote 203.0.113.7      | UDP | 203.0.113.7 | 1194 | UDP",
            "<connection>~remote 203.0.113.9 1196 udp~</connection> | TCP | 203.0.113.9 | 1196 | UDP",
            "'  remote   203.0.113.7   1197  '                 | UDP | 203.0.113.7 | 1197 | UDP"})
    void readsTheFirstRemote(String ovpn, Protocol fallback, String ip, int port, Protocol protocol) {
        assertEquals(Optional.of(new OpenVpnRemote(ip, port, protocol)), parse(ovpn, fallback));
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "client~dev tun                   | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": no remote line; valid: a line such as \"remote 203.0.113.7 1194 udp\", or a servers file (SERVERS_FILE)",
            "remote vpn_example! 1194         | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"remote vpn_example! 1194\": vpn_example! is neither an IPv4 address nor a host name; valid: the server's IPv4 address or host name, such as 203.0.113.7 or nl1.vpn.example",
            "client~remote 2001:db8::1        | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 2 \"remote 2001:db8::1\": 2001:db8::1 is IPv6, which tunnelkeeper does not route; valid: the server's IPv4 address or host name, or a servers file listing the server's IPs",
            "remote 203.0.113.7 99999         | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"remote 203.0.113.7 99999\": port 99999 is not valid; valid: a port from 1 to 65535",
            "remote 203.0.113.7 1194 sctp     | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"remote 203.0.113.7 1194 sctp\": protocol sctp is not supported; valid: udp or tcp (tcp-client)",
            "remote 203.0.113.7 1194 udp x    | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"remote 203.0.113.7 1194 udp x\": a remote line has a host and at most a port and a protocol; valid: a line such as \"remote 203.0.113.7 1194 udp\"",
            "remote                           | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"remote\": a remote line has a host and at most a port and a protocol; valid: a line such as \"remote 203.0.113.7 1194 udp\"",
            "proto sctp~remote 203.0.113.7    | OPENVPN_CUSTOM_CONFIG=\"c.ovpn\": line 1 \"proto sctp\": protocol sctp is not supported; valid: udp or tcp (tcp-client)"})
    void problemsNameTheFileTheLineAndWhatIsValid(String ovpn, String expected) {
        assertEquals(Optional.empty(), parse(ovpn, Protocol.UDP));
        assertEquals(List.of(expected), problems);
    }
}
