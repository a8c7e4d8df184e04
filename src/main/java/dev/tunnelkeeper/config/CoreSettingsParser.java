package dev.tunnelkeeper.config;

import dev.tunnelkeeper.log.LogSetup.LogLevel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The core's own sections as text to settings: LOG_LEVEL, HEALTH_*, VPN_*, OPENVPN_*, WIREGUARD_*. The features'
 * sections have their parsers in their packages; the composition root (app) calls them all and builds
 * {@link Settings}. Every problem is collected instead of stopping at the first, so a user fixes a compose file in
 * one go.
 */
public final class CoreSettingsParser {
    // A DNS name with at least one letter (an all-digit dotted name is a mistyped address, not a name).
    private static final Pattern HOST_NAME = Pattern.compile("(?=.*[A-Za-z])(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final String VALID_DURATION = "a duration such as 6s, 1m30s or 500ms";
    private static final String VALID_POSITIVE = VALID_DURATION + ", greater than 0";

    /** The core's settings, and what its sources say that is not used (for the start-up log). */
    public record Core(LogLevel logLevel, HealthSettings health, VpnSettings vpn, Duration vpnReadyTimeout,
                       List<String> warnings) {
    }

    private final RawSettings raw;
    private final SettingsReader r;
    private final List<String> problems;
    private final List<String> warnings = new ArrayList<>();

    private CoreSettingsParser(RawSettings raw, List<String> problems) {
        this.raw = raw;
        this.r = new SettingsReader(raw::get, problems);
        this.problems = problems;
    }

    /**
     * @param serversFromFile the servers file gives endpoints and keys, so the environment need not
     *                        ({@code ServerSettings.usesFile()})
     */
    public static Core parse(RawSettings raw, boolean serversFromFile, List<String> problems) {
        CoreSettingsParser p = new CoreSettingsParser(raw, problems);
        LogLevel level = p.r.choice("LOG_LEVEL", LogLevel.class, LogLevel.INFO);
        HealthSettings health = p.health();
        VpnSettings vpn = p.vpn(serversFromFile);
        Duration ready = p.r.positiveDuration("VPN_READY_TIMEOUT", Duration.ofSeconds(15), VALID_POSITIVE);
        return new Core(level, health, vpn, ready, p.warnings());
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
        for (String part : source.items()) {
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
        if (targets.isEmpty() && source.isSet() && source.items().isEmpty()) {
            problem(source, "no target", "at least one host:port");
        }
        HostPort server = r.hostPort("HEALTH_SERVER_ADDRESS", 0, new HostPort("127.0.0.1", 9999),
                "host:port or :port, such as 127.0.0.1:9999");
        return new HealthSettings(
                targets.isEmpty() ? List.of(new HostPort("cloudflare.com", 443)) : targets,
                server,
                r.positiveDuration("HEALTH_SUCCESS_WAIT_DURATION", Duration.ofSeconds(5), VALID_POSITIVE),
                r.positiveDuration("HEALTH_VPN_DURATION_INITIAL", Duration.ofSeconds(6), VALID_POSITIVE),
                r.duration("HEALTH_VPN_DURATION_ADDITION", Duration.ofSeconds(5), VALID_DURATION),
                r.bool("HEALTH_RESTART_VPN", true));
    }

    /** @param serversFromFile the servers file gives endpoints and keys, so the environment need not */
    private VpnSettings vpn(boolean serversFromFile) {
        VpnType type = r.choice("VPN_TYPE", VpnType.class, VpnType.OPENVPN);
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
        Optional<Path> configPath = r.readableFile("OPENVPN_CUSTOM_CONFIG", "the path of your .ovpn file");
        if (!raw.get("OPENVPN_CUSTOM_CONFIG").isSet() && inUse) {
            problems.add("OPENVPN_CUSTOM_CONFIG is not set; valid: the path of your provider's .ovpn file, required for "
                    + "VPN_TYPE=openvpn (its certificates and options are used; the server comes from it or the servers file)");
        }
        RawSettings.Value user = raw.get("OPENVPN_USER");
        Secret password = r.secret("OPENVPN_PASSWORD");
        if (user.isSet() != password.isSet() && inUse) {
            problems.add((user.isSet() ? "OPENVPN_PASSWORD" : "OPENVPN_USER")
                    + " is not set; valid: OPENVPN_USER and OPENVPN_PASSWORD are set together or both left empty");
        }
        return new OpenVpnSettings(
                configPath,
                user.text(),
                password,
                r.choice("OPENVPN_PROTOCOL", Protocol.class, Protocol.UDP),
                r.optionalPort("OPENVPN_ENDPOINT_PORT"),
                r.integer("OPENVPN_MSSFIX", 0, 0, 9999),
                r.words("OPENVPN_FLAGS"),
                r.integer("OPENVPN_VERBOSITY", 1, 0, 6),
                algorithms("OPENVPN_CIPHERS", "comma-separated cipher names such as AES-256-GCM,AES-128-GCM,CHACHA20-POLY1305"),
                algorithms("OPENVPN_AUTH", "one digest name such as SHA256").stream().findFirst().orElse(""));
    }

    // Cipher and digest names as openvpn writes them; anything else would only come back as an Options error.
    private List<String> algorithms(String env, String valid) {
        RawSettings.Value v = raw.get(env);
        List<String> names = v.items();
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
        for (String cidr : addressesValue.items()) {
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
                r.optionalPort("WIREGUARD_ENDPOINT_PORT"),
                r.integer("WIREGUARD_MTU", 1320, 576, 9000),
                r.duration("WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL", Duration.ofSeconds(25), VALID_DURATION),
                r.choice("WIREGUARD_IMPLEMENTATION", WireGuardSettings.Implementation.class, WireGuardSettings.Implementation.AUTO),
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
        List<String> items = value.items();
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

    private void problem(RawSettings.Value value, String what, String valid) {
        r.problem(value, what, valid);
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
        return r.read(v, Secret.NONE, "32 bytes in base64 (44 characters ending in '='), as printed by wg genkey / wg pubkey",
                text -> {
                    try {
                        if (Base64.getDecoder().decode(text.strip()).length == 32) {
                            return new Secret(text.strip());
                        }
                    } catch (IllegalArgumentException e) {
                        // not base64: the same problem
                    }
                    throw new IllegalArgumentException("not a WireGuard key");
                });
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
}
