package dev.tunnelkeeper.config;

import dev.tunnelkeeper.app.SettingsAssembly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gluetun's names that tunnelkeeper does not take: warned about once each, or refused, never ignored in silence. */
class GluetunNamesTest {
    @TempDir
    Path dir;

    /** The environment of a gluetun compose file as users write them: features we have and some we do not. */
    private static Map<String, String> composeFile() {
        Map<String, String> env = new HashMap<>();
        env.put("VPN_SERVICE_PROVIDER", "protonvpn");
        env.put("VPN_TYPE", "openvpn");
        env.put("TZ", "Europe/Amsterdam");
        env.put("HTTPPROXY", "on");
        env.put("HTTPPROXY_USER", "proxyuser");
        env.put("HTTPPROXY_PASSWORD", "proxy-pass-123");
        env.put("SHADOWSOCKS", "off");              // gluetun's default: asks for nothing
        env.put("VPN_PORT_FORWARDING_LISTENING_PORT", "6881");
        env.put("BLOCK_MALICIOUS", "no");            // off, as written with "no"
        env.put("BLOCK_ADS", "on");
        env.put("UPDATER_PERIOD", "24h");
        env.put("VERSION_INFORMATION", "off");
        env.put("WIREGUARD_ALLOWED_IPS", "0.0.0.0/0, ::/0");
        env.put("PRIVATE_INTERNET_ACCESS_OPENVPN_ENCRYPTION_PRESET", "strong");
        return env;
    }

    @Test
    void eachUnsupportedNameSetGetsOneWarningSayingWhatHappensInsteadSecretsMasked() {
        List<String> warnings = GluetunNames.warnings(composeFile());
        assertEquals(List.of(
                "HTTPPROXY=\"on\" is gluetun's and not supported here: no HTTP proxy is started; run one (such as tinyproxy) "
                        + "in a container sharing this one's network (network_mode: service:...)",
                "HTTPPROXY_USER=\"proxyuser\" is gluetun's and not supported here: there is no HTTP proxy here",
                "HTTPPROXY_PASSWORD=(secret, not shown) is gluetun's and not supported here: there is no HTTP proxy here",
                "VPN_PORT_FORWARDING_LISTENING_PORT=\"6881\" is gluetun's and not supported here: the forwarded port is not "
                        + "redirected to another port here: give it to the application (VPN_PORT_FORWARDING_UP_COMMAND or "
                        + "_QBITTORRENT_URL)",
                "PRIVATE_INTERNET_ACCESS_OPENVPN_ENCRYPTION_PRESET=\"strong\" is gluetun's and not supported here: the .ovpn "
                        + "file's cipher and certificates are used, on PIA's ports for its normal certificates (1198/udp, "
                        + "502/tcp); for the strong ones set OPENVPN_ENDPOINT_PORT=1197 (udp) or 501 (tcp)",
                "BLOCK_ADS=\"on\" is gluetun's and not supported here: no DNS block lists here: names resolve as the upstreams answer",
                "UPDATER_PERIOD=\"24h\" is gluetun's and not supported here: the servers file is never updated here: replace "
                        + "SERVERS_FILE with a newer gluetun servers.json and restart"), warnings);
        assertFalse(warnings.toString().contains("proxy-pass-123"));
    }

    @Test
    void theProductLogsThemAtStart() throws Exception {
        Map<String, String> env = composeFile();
        env.put("TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString());
        env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 203.0.113.1 1194\n").toString());
        env.put("LOG_LEVEL", "loud"); // stops the start right after the warnings
        dev.tunnelkeeper.testing.JavaProcess.Result r = dev.tunnelkeeper.testing.JavaProcess.run(
                dev.tunnelkeeper.testing.JavaProcess.fullClasspath(), List.of(), env, "run");
        assertEquals(2, r.exit(), r.stderr());
        assertEquals(7, r.stdout().lines().filter(l -> l.contains(" WARN [settings] ") && l.contains("is gluetun's and not supported here")).count(),
                r.stdout());
        assertFalse(r.stdout().contains("proxy-pass-123"));
    }

    @Test
    void aServerFilterWeDoNotHaveStopsTheStartInTheSameRoundAsOtherProblems() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("TK_CONFIG", Files.writeString(dir.resolve("e.yaml"), "").toString());
        env.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 203.0.113.1 1194\n").toString());
        env.put("SERVER_NUMBER", "1018");
        env.put("ISP", "M247");
        env.put("LOG_LEVEL", "loud");
        List<String> problems = new ArrayList<>();
        SettingsAssembly.read(env, problems);
        assertEquals(List.of(
                "LOG_LEVEL=\"loud\": not a known value; valid: debug, info, warn, error",
                "SERVER_NUMBER=\"1018\": a gluetun server filter tunnelkeeper does not have, and ignoring it would choose "
                        + "servers it excludes; valid: unset, and use SERVER_NAMES or SERVER_HOSTNAMES to name the servers",
                "ISP=\"M247\": a gluetun server filter tunnelkeeper does not have, and ignoring it would choose servers it "
                        + "excludes; valid: unset, and use SERVER_NAMES or SERVER_HOSTNAMES to name the servers of that ISP"),
                problems);
    }

    @Test
    void theTableAndTheCatalogeNeverNameTheSameVariable() {
        for (GluetunNames.Name name : GluetunNames.ALL) {
            assertTrue(SettingsCatalog.ALL.stream().noneMatch(s -> s.env().equals(name.env())), name.env() + " is in both");
        }
    }

    @Test
    void theReadmeListsEveryNameOfTheTable() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (GluetunNames.Name name : GluetunNames.ALL) {
            assertTrue(readme.contains("`" + name.env() + "`"), "README lacks " + name.env());
        }
    }
}
