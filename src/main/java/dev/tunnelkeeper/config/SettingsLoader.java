package dev.tunnelkeeper.config;

import dev.tunnelkeeper.log.LogSetup.LogLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns {@link RawSettings} into {@link Settings}, collecting every problem instead of stopping at the first,
 * so a user fixes a compose file in one go.
 */
public final class SettingsLoader {
    // A DNS name with at least one letter (an all-digit dotted name is a mistyped address, not a name).
    private static final Pattern HOST_NAME = Pattern.compile("(?=.*[A-Za-z])(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    private final RawSettings raw;
    private final List<String> problems;
    private final List<String> warnings = new ArrayList<>();

    private SettingsLoader(RawSettings raw, List<String> problems) {
        this.raw = raw;
        this.problems = problems;
    }

    /** Loads from this environment (and the YAML file it names or the default one). */
    public static Settings load(java.util.Map<String, String> env) throws SettingsException {
        List<String> problems = new ArrayList<>();
        Settings settings = read(env, problems);
        if (!problems.isEmpty()) {
            throw new SettingsException(problems);
        }
        return settings;
    }

    /**
     * The same, adding every problem to {@code problems} and using a safe default in place of each bad value, so
     * that a caller can check more (the servers file) and report everything in one round.
     */
    public static Settings read(java.util.Map<String, String> env, List<String> problems) {
        RawSettings raw = RawSettings.read(env, problems);
        Settings settings = new SettingsLoader(raw, problems).build(env);
        GluetunNames.check(env, problems);
        return settings;
    }

    private Settings build(java.util.Map<String, String> env) {
        LogLevel level = choice("LOG_LEVEL", LogLevel.class, LogLevel.INFO);
        HealthSettings health = health();
        ServerSettings servers = dev.tunnelkeeper.servers.ServerSettingsParser.parse(raw::get, problems);
        VpnSettings vpn = vpn(servers.usesFile());
        Duration ready = duration("VPN_READY_TIMEOUT", Duration.ofSeconds(15), true);
        FirewallSettings firewall = dev.tunnelkeeper.firewall.FirewallSettingsParser.parse(raw::get, problems);
        ControlSettings control = dev.tunnelkeeper.control.ControlSettingsParser.parse(raw::get, problems);
        PublicIpSettings publicIp = dev.tunnelkeeper.publicip.PublicIpSettingsParser.parse(raw::get, problems);
        return new Settings(raw.file(), level, health, vpn, ready, servers, firewall, control, publicIp,
                dev.tunnelkeeper.scripting.HookSettingsParser.parse(raw::get, env, problems),
                dev.tunnelkeeper.dns.DnsSettingsParser.parse(raw::get, problems),
                dev.tunnelkeeper.portforward.PortForwardSettingsParser.parse(raw::get, problems),
                warnings());
    }

    private List<String> warnings() {
        List<String> all = new ArrayList<>(raw.warnings());
        all.addAll(warnings);
        return all;
    }

    private HealthSettings health() {
        RawSettings.Value many = raw.get("HEALTH_TARGET_ADDRESSES");
        RawSettings.Value one = raw.get("HEALTH_TARGET_ADDRESS");
        RawSettings.Value source = many.isSet() ? many : one;
        List<HostPort> targets = new ArrayList<>();
        for (String part : splitList(source.text())) {
            try {
                HostPort hp = HostPort.parse(part, 443);
                if (hp.host().isEmpty()) {
                    throw new IllegalArgumentException("missing host");
                }
                targets.add(hp);
            } catch (IllegalArgumentException e) {
                problem(source, "\"" + part + "\" " + e.getMessage(), "host:port such as cloudflare.com:443 (port 443 is added when missing)");
            }
        }
        if (targets.isEmpty() && source.isSet() && splitList(source.text()).isEmpty()) {
            problem(source, "no target", "at least one host:port");
        }
        HostPort server = listenAddress("HEALTH_SERVER_ADDRESS", new HostPort("127.0.0.1", 9999));
        return new HealthSettings(
                targets.isEmpty() ? List.of(new HostPort("cloudflare.com", 443)) : targets,
                server,
                duration("HEALTH_SUCCESS_WAIT_DURATION", Duration.ofSeconds(5), true),
                duration("HEALTH_VPN_DURATION_INITIAL", Duration.ofSeconds(6), true),
                duration("HEALTH_VPN_DURATION_ADDITION", Duration.ofSeconds(5), false),
                bool("HEALTH_RESTART_VPN", true));
    }

    /** @param serversFromFile the servers file gives endpoints and keys, so the environment need not */
    private VpnSettings vpn(boolean serversFromFile) {
        VpnType type = choice("VPN_TYPE", VpnType.class, VpnType.OPENVPN);
        RawSettings.Value provider = raw.get("VPN_SERVICE_PROVIDER");
        String providerName = provider.text().toLowerCase(Locale.ROOT);
        boolean namedWithoutServers = !providerName.equals("custom") && !serversFromFile;
        if (namedWithoutServers) {
            problem(provider, "provider " + provider.text() + " has no servers here: tunnelkeeper has no built-in server list",
                    "a SERVERS_FILE with a \"" + providerName + "\" block, such as gluetun's servers.json (a gluetun "
                            + "container's /gluetun/servers.json); or custom, with your one server in "
                            + (type == VpnType.WIREGUARD ? "WIREGUARD_ENDPOINT_IP and WIREGUARD_PUBLIC_KEY" : "OPENVPN_CUSTOM_CONFIG's remote line"));
        }
        RawSettings.Value ifaceValue = raw.get("VPN_INTERFACE");
        String iface = ifaceValue.isSet() ? ifaceValue.text() : (type == VpnType.WIREGUARD ? "wg0" : "tun0");
        if (!iface.matches("[A-Za-z0-9_.-]{1,15}") || iface.equals(".") || iface.equals("..")) {
            problem(ifaceValue, "not an interface name", "1 to 15 letters, digits, '_', '.' or '-', such as tun0");
        }
        OpenVpnSettings openvpn = openvpn(type == VpnType.OPENVPN);
        // A named provider without servers is one problem, said above: the custom provider's requirements would be noise.
        WireGuardSettings wireguard = wireguard(type == VpnType.WIREGUARD, serversFromFile || namedWithoutServers);
        return new VpnSettings(type, providerName, iface, openvpn, wireguard);
    }

    private OpenVpnSettings openvpn(boolean inUse) {
        RawSettings.Value config = raw.get("OPENVPN_CUSTOM_CONFIG");
        Optional<Path> configPath = Optional.empty();
        if (config.isSet()) {
            Path p = Path.of(config.text());
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                problem(config, "no readable file there", "the path of your .ovpn file");
            } else {
                configPath = Optional.of(p);
            }
        } else if (inUse) {
            problems.add("OPENVPN_CUSTOM_CONFIG is not set; valid: the path of your provider's .ovpn file, required for "
                    + "VPN_TYPE=openvpn (its certificates and options are used; the server comes from it or the servers file)");
        }
        RawSettings.Value user = raw.get("OPENVPN_USER");
        Secret password = new Secret(raw.get("OPENVPN_PASSWORD").text());
        if (user.isSet() != password.isSet() && inUse) {
            problems.add((user.isSet() ? "OPENVPN_PASSWORD" : "OPENVPN_USER")
                    + " is not set; valid: OPENVPN_USER and OPENVPN_PASSWORD are set together or both left empty");
        }
        return new OpenVpnSettings(
                configPath,
                user.text(),
                password,
                choice("OPENVPN_PROTOCOL", Protocol.class, Protocol.UDP),
                optionalPort("OPENVPN_ENDPOINT_PORT"),
                integer("OPENVPN_MSSFIX", 0, 0, 9999),
                splitWords(raw.get("OPENVPN_FLAGS").text()),
                integer("OPENVPN_VERBOSITY", 1, 0, 6),
                algorithms("OPENVPN_CIPHERS", "comma-separated cipher names such as AES-256-GCM,AES-128-GCM,CHACHA20-POLY1305"),
                algorithms("OPENVPN_AUTH", "one digest name such as SHA256").stream().findFirst().orElse(""));
    }

    // Cipher and digest names as openvpn writes them; anything else would only come back as an Options error.
    private List<String> algorithms(String env, String valid) {
        RawSettings.Value v = raw.get(env);
        List<String> names = splitList(v.text());
        for (String name : names) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                problem(v, "\"" + name + "\" is not a cipher or digest name", valid);
                return List.of();
            }
        }
        if (env.equals("OPENVPN_AUTH") && names.size() > 1) {
            problem(v, "more than one digest", valid);
            return List.of();
        }
        return names;
    }

    private WireGuardSettings wireguard(boolean inUse, boolean serversFromFile) {
        Secret privateKey = key("WIREGUARD_PRIVATE_KEY", inUse);
        Optional<String> publicKey = Optional.of(key("WIREGUARD_PUBLIC_KEY", inUse && !serversFromFile).value())
                .filter(s -> !s.isEmpty());
        Secret preshared = key("WIREGUARD_PRESHARED_KEY", false);
        RawSettings.Value addressesValue = raw.get("WIREGUARD_ADDRESSES");
        List<String> addresses = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        for (String cidr : splitList(addressesValue.text())) {
            if (isCidr(cidr)) {
                addresses.add(cidr.contains("/") ? cidr : cidr + "/32");
            } else if (cidr.contains(":") && cidr.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
                ipv6.add(cidr); // providers hand out one beside the IPv4 address (Mullvad, AirVPN)
            } else {
                problem(addressesValue, "\"" + cidr + "\" is not an IPv4 address or CIDR", "comma-separated CIDRs such as 10.64.222.21/32");
            }
        }
        if (inUse && !addressesValue.isSet()) {
            problems.add("WIREGUARD_ADDRESSES is not set; valid: your tunnel addresses such as 10.64.222.21/32, required for VPN_TYPE=wireguard");
        } else if (inUse && addresses.isEmpty() && !ipv6.isEmpty()) {
            problem(addressesValue, "only IPv6 addresses", "at least one IPv4 address such as 10.64.222.21/32: the tunnel "
                    + "carries IPv4 only (IPv6 is closed outside it)");
        } else if (inUse && !ipv6.isEmpty()) {
            warnings.add(addressesValue.describe() + ": the IPv6 address " + String.join(", ", ipv6) + " is not used: the "
                    + "tunnel carries IPv4 only (" + String.join(", ", addresses) + "), and IPv6 stays closed outside it");
        }
        RawSettings.Value ip = raw.get("WIREGUARD_ENDPOINT_IP");
        if (ip.isSet() && !IPV4.matcher(ip.text()).matches() && !HOST_NAME.matcher(ip.text()).matches()) {
            problem(ip, "not an IPv4 address or a host name", "the server's IP address such as 203.0.113.7, or its host name");
        } else if (inUse && !ip.isSet() && !serversFromFile) {
            problems.add("WIREGUARD_ENDPOINT_IP is not set; valid: the server's IP address, required for VPN_TYPE=wireguard with VPN_SERVICE_PROVIDER=custom");
        }
        return new WireGuardSettings(
                privateKey,
                publicKey,
                preshared,
                addresses,
                Optional.of(ip.text()).filter(s -> !s.isEmpty() && (IPV4.matcher(s).matches() || HOST_NAME.matcher(s).matches())),
                optionalPort("WIREGUARD_ENDPOINT_PORT"),
                integer("WIREGUARD_MTU", 1320, 576, 9000),
                duration("WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL", Duration.ofSeconds(25), false),
                choice("WIREGUARD_IMPLEMENTATION", WireGuardSettings.Implementation.class, WireGuardSettings.Implementation.AUTO),
                allowedIps(inUse));
    }

    /**
     * WIREGUARD_ALLOWED_IPS: the IPv4 CIDRs routed through the tunnel. IPv6 ones are left out with one warning (the
     * tunnel carries IPv4 only), except ::/0 in gluetun's default, which asks for nothing IPv6 stays closed to.
     */
    private List<String> allowedIps(boolean inUse) {
        RawSettings.Value value = raw.get("WIREGUARD_ALLOWED_IPS");
        String valid = "comma-separated IPv4 CIDRs such as 10.0.0.0/8,192.168.0.0/16, or 0.0.0.0/0 for everything";
        List<String> ipv4 = new ArrayList<>();
        List<String> ipv6 = new ArrayList<>();
        List<String> items = splitList(value.text());
        for (String cidr : items) {
            if (isCidr(cidr)) {
                String full = cidr.contains("/") ? cidr : cidr + "/32";
                if (!ipv4.contains(full)) {
                    ipv4.add(full);
                }
            } else if (cidr.contains(":") && cidr.matches("[0-9A-Fa-f:.]+(/\\d{1,3})?")) {
                ipv6.add(cidr);
            } else {
                problem(value, "\"" + cidr + "\" is not an IPv4 CIDR", valid);
                return WireGuardSettings.ALL_IPV4;
            }
        }
        if (items.isEmpty()) {
            problem(value, "empty", valid);
            return WireGuardSettings.ALL_IPV4;
        }
        if (ipv4.isEmpty()) {
            if (inUse) {
                problem(value, "only IPv6 networks", "at least one IPv4 CIDR such as 0.0.0.0/0: the tunnel carries IPv4 only");
            }
            return WireGuardSettings.ALL_IPV4;
        }
        List<String> specific = ipv6.stream().filter(c -> !c.equals("::/0") && !c.equals("::0/0")).toList();
        if (inUse && !specific.isEmpty()) {
            warnings.add(value.describe() + ": the IPv6 network " + String.join(", ", specific) + " is not routed through "
                    + "the tunnel, which carries IPv4 only (" + String.join(", ", ipv4) + "); IPv6 stays closed outside it");
        }
        return List.copyOf(ipv4);
    }

    // --- typed readers: each records a problem and returns a safe default instead of throwing ---

    private void problem(RawSettings.Value value, String what, String valid) {
        problems.add(value.describe() + ": " + what + "; valid: " + valid);
    }

    private Duration duration(String env, Duration fallback, boolean positive) {
        RawSettings.Value v = raw.get(env);
        String valid = "a duration such as 6s, 1m30s or 500ms" + (positive ? ", greater than 0" : "");
        try {
            Duration d = GoDuration.parse(v.text());
            if (positive && d.isZero()) {
                problem(v, "must be greater than 0", valid);
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), valid);
            return fallback;
        }
    }

    private boolean bool(String env, boolean fallback) {
        return raw.get(env).bool(fallback, problems);
    }

    private int integer(String env, int fallback, int min, int max) {
        RawSettings.Value v = raw.get(env);
        try {
            int n = Integer.parseInt(v.text().trim());
            if (n < min || n > max) {
                problem(v, "out of range", "a whole number from " + min + " to " + max);
                return fallback;
            }
            return n;
        } catch (NumberFormatException e) {
            problem(v, "not a whole number", "a whole number from " + min + " to " + max);
            return fallback;
        }
    }

    private Optional<Integer> optionalPort(String env) {
        RawSettings.Value v = raw.get(env);
        if (!v.isSet()) {
            return Optional.empty();
        }
        try {
            return Optional.of(HostPort.parsePort(v.text().trim()));
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), "a port from 1 to 65535, or empty");
            return Optional.empty();
        }
    }

    private <E extends Enum<E>> E choice(String env, Class<E> type, E fallback) {
        RawSettings.Value v = raw.get(env);
        E[] options = type.getEnumConstants();
        for (E e : options) {
            if (e.name().equalsIgnoreCase(v.text().trim())) {
                return e;
            }
        }
        problem(v, "not a known value", String.join(", ",
                Arrays.stream(options).map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
        return fallback;
    }

    private HostPort listenAddress(String env, HostPort fallback) {
        RawSettings.Value v = raw.get(env);
        try {
            return HostPort.parse(v.text(), 0);
        } catch (IllegalArgumentException e) {
            problem(v, e.getMessage(), "host:port or :port, such as 127.0.0.1:9999");
            return fallback;
        }
    }

    // A WireGuard key is 32 bytes in base64; anything else is a copy-paste error worth catching at start.
    private Secret key(String env, boolean required) {
        RawSettings.Value v = raw.get(env);
        if (!v.isSet()) {
            if (required) {
                problems.add(env + " is not set; valid: a base64 WireGuard key (44 characters), required for VPN_TYPE=wireguard");
            }
            return Secret.NONE;
        }
        Function<String, Boolean> valid = s -> {
            try {
                return Base64.getDecoder().decode(s).length == 32;
            } catch (IllegalArgumentException e) {
                return false;
            }
        };
        if (!valid.apply(v.text().trim())) {
            problem(v, "not a WireGuard key", "32 bytes in base64 (44 characters ending in '='), as printed by wg genkey / wg pubkey");
            return Secret.NONE;
        }
        return new Secret(v.text().trim());
    }

    private static boolean isCidr(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length > 2 || !IPV4.matcher(parts[0]).matches()) {
            return false;
        }
        if (parts.length == 2) {
            try {
                int bits = Integer.parseInt(parts[1]);
                return bits >= 0 && bits <= 32;
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    static List<String> splitList(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    static List<String> splitWords(String text) {
        return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
    }
}
