package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.RawSettings;
import dev.tunnelkeeper.config.SettingSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FirewallSettingsParserTest {
    private final Map<String, String> env = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    // The values as RawSettings gives them: set ones from "env", the others as their default ("on" or empty).
    private FirewallSettings parse() {
        return FirewallSettingsParser.parse(name -> {
            String defaultValue = name.equals("FIREWALL") ? "on" : "";
            SettingSpec spec = new SettingSpec(name, "firewall." + name.toLowerCase(), defaultValue, false, "");
            return env.containsKey(name)
                    ? new RawSettings.Value(spec, env.get(name), "env")
                    : new RawSettings.Value(spec, defaultValue, "default");
        }, problems);
    }

    @Test
    void defaultsAreOnWithNoExceptions() {
        assertEquals(FirewallSettings.DEFAULTS, parse());
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "FIREWALL={0}")
    @CsvSource({"on,true", "ON,true", "yes,true", "true,true", "off,false", "Off,false", "no,false", "false,false"})
    void firewallBooleans(String text, boolean enabled) {
        env.put("FIREWALL", text);
        assertEquals(enabled, parse().enabled());
        assertEquals(List.of(), problems);
    }

    @Test
    void listsAreNormalizedAndDeduplicated() {
        env.put("FIREWALL_OUTBOUND_SUBNETS", "192.168.1.7/24, 10.0.0.5 ,,192.168.1.0/24");
        env.put("FIREWALL_INPUT_PORTS", "8000, 8388,8000");
        env.put("FIREWALL_VPN_INPUT_PORTS", "51413");
        FirewallSettings settings = parse();
        assertEquals(List.of("192.168.1.0/24", "10.0.0.5/32"), settings.outboundSubnets());
        assertEquals(List.of(8000, 8388), settings.inputPorts());
        assertEquals(List.of(51413), settings.vpnInputPorts());
        assertEquals(List.of(), problems);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "FIREWALL | maybe | FIREWALL=\"maybe\": not a boolean; valid: on, off, yes, no, true or false",
            "FIREWALL_OUTBOUND_SUBNETS | 10.0.0.0/8,300.1.1.1 | FIREWALL_OUTBOUND_SUBNETS=\"10.0.0.0/8,300.1.1.1\": "
                    + "\"300.1.1.1\" is not an IPv4 address; valid: comma-separated IPv4 CIDRs such as 192.168.1.0/24, "
                    + "or addresses such as 10.0.0.5",
            "FIREWALL_OUTBOUND_SUBNETS | 10.0.0.0/40 | FIREWALL_OUTBOUND_SUBNETS=\"10.0.0.0/40\": prefix length 40 is out "
                    + "of range 0-32; valid: comma-separated IPv4 CIDRs such as 192.168.1.0/24, or addresses such as 10.0.0.5",
            "FIREWALL_OUTBOUND_SUBNETS | fd00::/8 | FIREWALL_OUTBOUND_SUBNETS=\"fd00::/8\": \"fd00::/8\" is IPv6, which the "
                    + "kill switch does not support yet; valid: comma-separated IPv4 CIDRs such as 192.168.1.0/24, "
                    + "or addresses such as 10.0.0.5",
            "FIREWALL_INPUT_PORTS | 80,http | FIREWALL_INPUT_PORTS=\"80,http\": port 'http' is not a number; valid: "
                    + "comma-separated ports from 1 to 65535, such as 8000,8388",
            "FIREWALL_VPN_INPUT_PORTS | 0 | FIREWALL_VPN_INPUT_PORTS=\"0\": port 0 is out of range 1-65535; valid: "
                    + "comma-separated ports from 1 to 65535, such as 8000,8388",
            "FIREWALL_VPN_INPUT_PORTS | 65536 | FIREWALL_VPN_INPUT_PORTS=\"65536\": port 65536 is out of range 1-65535; valid: "
                    + "comma-separated ports from 1 to 65535, such as 8000,8388",
    })
    void badValuesAreOneLineEach(String name, String value, String problem) {
        env.put(name, value);
        parse();
        assertEquals(List.of(problem), problems);
    }

    @Test
    void aBadFirewallValueKeepsTheKillSwitchOn() {
        env.put("FIREWALL", "of");
        assertEquals(true, parse().enabled());
    }

    @Test
    void everyProblemIsReportedTogether() {
        env.put("FIREWALL", "x");
        env.put("FIREWALL_OUTBOUND_SUBNETS", "a,b");
        env.put("FIREWALL_INPUT_PORTS", "-1");
        env.put("FIREWALL_VPN_INPUT_PORTS", "y");
        parse();
        assertEquals(5, problems.size(), String.join("\n", problems));
    }
}
