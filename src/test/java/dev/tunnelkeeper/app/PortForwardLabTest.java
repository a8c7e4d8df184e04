package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.PortForwardLab;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Port forwarding end to end (PORTFORWARD.md): a real miniupnpd on each lab VPN server answers NAT-PMP in the tunnel,
 * a real qbittorrent-nox runs beside tunnelkeeper in the client namespace, and a BitTorrent peer on the far side (the
 * lab's router) dials the server's outside address on the forwarded port, through miniupnpd's DNAT, the tunnel and the
 * kill switch, and completes a handshake with qBittorrent for the torrent it seeds.
 */
@Tag("lab")
class PortForwardLabTest {
    private static final Duration UP = Duration.ofSeconds(30);
    private static final String SYNCED = "INFO [qbittorrent] listen port set to ";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
        Assumptions.assumeTrue(PortForwardLab.whyCannotRun().isEmpty(), () -> PortForwardLab.whyCannotRun().orElse(""));
    }

    @Test
    void theLeasedPortReachesQBittorrentFromTheFarSideIsRenewedInTimeAndFollowsAHealToAnotherServer() throws Exception {
        try (Lab lab = Lab.start(2)) {
            PortForwardLab pf = PortForwardLab.start(lab);
            PortForwardLab.QBittorrent qbt = pf.startQBittorrent(6881);
            Path statusFile = lab.directory().resolve("forwarded_port");
            Path commands = lab.directory().resolve("commands.txt");
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
            env.put("SERVER_NAMES", "s1,s2");
            env.put("SERVER_SELECTION", "ordered"); // s1 first; after its death, s2
            env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
            env.put("VPN_PORT_FORWARDING", "on");
            env.put("VPN_PORT_FORWARDING_PROVIDER", "natpmp");
            env.put("VPN_PORT_FORWARDING_LIFETIME", "4s"); // a short lease: renewed every 2 s or it is gone
            env.put("VPN_PORT_FORWARDING_STATUS_FILE", statusFile.toString());
            env.put("VPN_PORT_FORWARDING_QBITTORRENT_URL", qbt.url());
            env.put("VPN_PORT_FORWARDING_QBITTORRENT_USER", qbt.user());
            env.put("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", qbt.password());
            env.put("VPN_PORT_FORWARDING_UP_COMMAND", "/bin/sh -c 'echo \"up {{PORTS}} {{VPN_INTERFACE}}\" >> " + commands + "'");
            env.put("VPN_PORT_FORWARDING_DOWN_COMMAND", "/bin/sh -c 'echo \"down {{PORT}}\" >> " + commands + "'");
            env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
            env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"none\"}");
            // A user's hook is told of each change (it loads in the background: checked after the heal).
            Path scripts = Files.createDirectories(lab.directory().resolve("scripts"));
            Files.writeString(scripts.resolve("port.mjs"), "export const apiVersion = 2;\n"
                    + "export function onPortForwarded(e) { tk.log('forwarded', e.ports.join('+'), 'server', e.server); }\n");
            env.put("SCRIPTS_DIR", scripts.toString());
            String tun = env.get("VPN_INTERFACE");
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await(SYNCED, 1, UP);
                int first = Integer.parseInt(Files.readString(statusFile));
                assertTrue(pf.leases(1).contains("TCP:" + first + ":10.8.1.2:" + first + ":"),
                        "miniupnpd on s1 maps the port to the client's tunnel address: " + pf.leases(1));
                assertEquals("HANDSHAKE " + qbt.torrent().infoHash(),
                        pf.farSideHandshake(1, first, qbt.torrent().infoHash(), Duration.ofSeconds(5)),
                        "the far side reaches qBittorrent through the mapping; log:\n" + tk.log());
                assertEquals("{\"port\":" + first + "}", controlApi(lab, "/v1/portforward"));
                assertEquals("{\"port\":" + first + "}", controlApi(lab, "/v1/openvpn/portforwarded"));
                assertTrue(controlApi(lab, "/observe/metrics").contains("tunnelkeeper_vpn_forwarded_port " + first + ".0"));
                assertTrue(pf.listeningSockets(first).contains(":" + first), "qBittorrent listens on the port");

                // Three lifetimes later the mapping is still there: each 4 s lease was renewed in time.
                Thread.sleep(12_000);
                String leases = pf.leases(1);
                assertTrue(leases.contains("TCP:" + first + ":10.8.1.2:"), "still mapped after 12 s: " + leases);
                long expiry = Long.parseLong(leases.lines().filter(l -> l.startsWith("TCP:" + first + ":")).findFirst()
                        .orElseThrow().split(":")[4]);
                assertTrue(expiry >= Instant.now().getEpochSecond(), "the lease runs out in the future: " + leases);
                assertFalse(pf.gatewayLog(1).contains("because it has expired"), "no mapping expired: " + pf.gatewayLog(1));
                assertEquals("HANDSHAKE " + qbt.torrent().infoHash(),
                        pf.farSideHandshake(1, first, qbt.torrent().infoHash(), Duration.ofSeconds(5)));

                // s1 dies: the tunnel heals to s2, whose gateway grants a new port, and qBittorrent follows.
                lab.stopOpenVpnServer(1);
                tk.await(SYNCED, 2, Duration.ofSeconds(60));
                int second = Integer.parseInt(Files.readString(statusFile));
                assertNotEquals(first, second, "a new port after the heal");
                assertEquals(List.of("s1", "s2"), tk.connects().stream().distinct().toList());
                assertTrue(pf.leases(2).contains("TCP:" + second + ":10.8.2.2:" + second + ":"), pf.leases(2));
                assertEquals("HANDSHAKE " + qbt.torrent().infoHash(),
                        pf.farSideHandshake(2, second, qbt.torrent().infoHash(), Duration.ofSeconds(5)),
                        "the new port reaches qBittorrent through s2; log:\n" + tk.log());
                assertEquals("{\"port\":" + second + "}", controlApi(lab, "/v1/portforward"));
                String input = lab.exec(lab.clientNamespace(), "iptables", "-S", "INPUT");
                assertTrue(input.contains("-A INPUT -i " + tun + " -p tcp -m tcp --dport " + second + " -j ACCEPT"), input);
                assertFalse(input.contains("--dport " + first + " "), "the old port is closed: " + input);
                assertTrue(Poll.until(Duration.ofSeconds(10), () -> commandLines(commands).size() >= 3), "commands ran");
                assertEquals(List.of("up " + first + " " + tun, "down " + first, "up " + second + " " + tun),
                        commandLines(commands));
                assertFalse(tk.log().contains(qbt.password()), "the qBittorrent password is never logged");
                tk.await("port.mjs: forwarded " + second + " server s2", 1, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aGatewayThatFallsSilentPastTheLeaseIsRetriedAndThePortWorksAgainWhenItAnswers() throws Exception {
        try (Lab lab = Lab.start(1)) {
            PortForwardLab pf = PortForwardLab.start(lab);
            PortForwardLab.QBittorrent qbt = pf.startQBittorrent(6881);
            Path statusFile = lab.directory().resolve("forwarded_port");
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("VPN_PORT_FORWARDING", "on");
            env.put("VPN_PORT_FORWARDING_PROVIDER", "natpmp");
            env.put("VPN_PORT_FORWARDING_LIFETIME", "4s");
            env.put("VPN_PORT_FORWARDING_STATUS_FILE", statusFile.toString());
            env.put("VPN_PORT_FORWARDING_QBITTORRENT_URL", qbt.url());
            env.put("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", qbt.password());
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await(SYNCED, 1, UP);
                int port = Integer.parseInt(Files.readString(statusFile));
                pf.pauseGateway(1, true);
                try {
                    tk.await("[port forwarding] renewing the lease of port " + port + " failed (attempt 2)", 1, UP);
                    Thread.sleep(4_000); // well past the 4 s lease
                } finally {
                    pf.pauseGateway(1, false);
                }
                tk.await("the gateway " + pf.tunnelGateway(1) + " answers again", 1, UP);
                assertTrue(tk.log().contains("(the lease ran out at "), "the expiry is noticed: " + tk.log());
                assertTrue(Poll.until(Duration.ofSeconds(10), () -> ("HANDSHAKE " + qbt.torrent().infoHash()).equals(
                                pf.farSideHandshake(1, port, qbt.torrent().infoHash(), Duration.ofSeconds(3)))),
                        "the same port reaches qBittorrent again; log:\n" + tk.log() + "\ngateway:\n" + pf.gatewayLog(1));
                assertEquals(Integer.toString(port), Files.readString(statusFile), "the gateway granted the same port again");
                assertEquals(1, tk.count(SYNCED), "qBittorrent was not told again: its port did not change");
            }
        }
    }

    private static String controlApi(Lab lab, String path) {
        return lab.exec(lab.clientNamespace(), "curl", "-s", "http://127.0.0.1:8000" + path);
    }

    private static List<String> commandLines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
