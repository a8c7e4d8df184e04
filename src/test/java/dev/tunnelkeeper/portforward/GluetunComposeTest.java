package dev.tunnelkeeper.portforward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.PortForwardSettings;
import dev.tunnelkeeper.app.SettingsAssembly;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gluetun compose file's environment block with port forwarding, loaded whole on the shipped config: accepted for
 * the providers that speak NAT-PMP, refused in one line for the others (the rest of the file stays valid).
 */
class GluetunComposeTest {
    @TempDir
    Path dir;

    private Map<String, String> compose(String portForwarding) throws Exception {
        Path ovpn = Files.writeString(dir.resolve("custom.ovpn"), "client\ndev tun\nproto udp\nremote 203.0.113.7 1194\n");
        Map<String, String> env = new HashMap<>();
        String block = """
                VPN_SERVICE_PROVIDER=custom
                VPN_TYPE=openvpn
                OPENVPN_CUSTOM_CONFIG=%s
                FIREWALL_OUTBOUND_SUBNETS=192.168.1.0/24
                """.formatted(ovpn) + portForwarding;
        for (String line : block.strip().split("\n")) {
            env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        env.put("TK_CONFIG", Path.of("config", "tunnelkeeper.yaml").toString());
        return env;
    }

    @Test
    void protonVpnsPortForwardingVariablesWork() throws Exception {
        Map<String, String> env = compose("""
                VPN_PORT_FORWARDING=on
                VPN_PORT_FORWARDING_PROVIDER=protonvpn
                VPN_PORT_FORWARDING_STATUS_FILE=/gluetun/forwarded_port
                VPN_PORT_FORWARDING_UP_COMMAND=/bin/sh -c 'echo {{PORTS}} > /shared/port'
                VPN_PORT_FORWARDING_DOWN_COMMAND=/bin/sh -c 'rm -f /shared/port'
                """);
        PortForwardSettings pf = SettingsAssembly.load(env).portForward();
        assertTrue(pf.enabled());
        assertEquals("protonvpn", pf.provider());
        assertEquals(Path.of("/gluetun/forwarded_port"), pf.statusFile());
        assertEquals("/bin/sh -c 'echo {{PORTS}} > /shared/port'", pf.upCommand());
    }

    @Test
    void anotherProvidersPortForwardingIsRefusedInOneClearLine() throws Exception {
        Map<String, String> env = compose("""
                VPN_PORT_FORWARDING=on
                VPN_PORT_FORWARDING_PROVIDER=private internet access
                VPN_PORT_FORWARDING_USERNAME=p1234567
                VPN_PORT_FORWARDING_PASSWORD=secret-pia
                """);
        List<String> problems = new ArrayList<>();
        SettingsAssembly.read(env, problems);
        assertEquals(List.of("VPN_PORT_FORWARDING_PROVIDER=\"private internet access\": port forwarding with private "
                + "internet access is not supported here (it is not NAT-PMP); valid: protonvpn, or natpmp for any gateway "
                + "that speaks NAT-PMP (RFC 6886) on the tunnel"), problems);
    }
}
