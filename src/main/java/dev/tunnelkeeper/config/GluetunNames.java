package dev.tunnelkeeper.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * gluetun's environment names that tunnelkeeper does not take, in one table beside {@link SettingsCatalog} (which
 * holds every name it does take): a compose file written for gluetun must not lose a setting in silence. Each one
 * set to something other than a value that asks for nothing ({@code off}, gluetun's default) gets one warning at
 * start saying what happens instead; a server filter among them stops the start (exit 2), since ignoring it would
 * pick servers the user excluded. README's "gluetun's other names" lists the same, and a test keeps them in step.
 */
public final class GluetunNames {

    /** What tunnelkeeper does with a gluetun name it does not take. */
    public enum Treatment {
        /** Warned about at start; the start goes on. */
        WARNED,
        /** A server filter: a problem that stops the start, as a bad setting does. */
        REFUSED
    }

    /**
     * @param env       gluetun's name
     * @param treatment warned or refused
     * @param neutral   values that ask for nothing (lower case), so setting them is not ignoring anything
     * @param secret    the value is never printed
     * @param instead   what happens instead, or what to use
     */
    public record Name(String env, Treatment treatment, Set<String> neutral, boolean secret, String instead) {
    }

    private static final String NO_HTTP_PROXY = "there is no HTTP proxy here";
    private static final String NO_SHADOWSOCKS = "there is no Shadowsocks server here";
    private static final String NO_PIA_PORT_FORWARDING = "port forwarding here is NAT-PMP's (protonvpn, natpmp): private "
            + "internet access's, which takes these credentials, is not supported";
    private static final String NO_BLOCK_LISTS = "no DNS block lists here: names resolve as the upstreams answer";
    private static final String NO_UPDATER = "the servers file is never updated here: replace SERVERS_FILE with a newer "
            + "gluetun servers.json and restart";
    private static final String IN_THE_OVPN = "put it in OPENVPN_CUSTOM_CONFIG instead (a path, or an inline <cert>/<key> block)";

    public static final List<Name> ALL = List.of(
            warned("HTTPPROXY", "off", "no HTTP proxy is started; run one (such as tinyproxy) in a container sharing this "
                    + "one's network (network_mode: service:...)"),
            warned("HTTPPROXY_LOG", "off", NO_HTTP_PROXY),
            warned("HTTPPROXY_LISTENING_ADDRESS", "", NO_HTTP_PROXY),
            warned("HTTPPROXY_USER", "", NO_HTTP_PROXY),
            secret("HTTPPROXY_PASSWORD", NO_HTTP_PROXY),
            warned("HTTPPROXY_STEALTH", "off", NO_HTTP_PROXY),
            warned("SHADOWSOCKS", "off", "no Shadowsocks server is started; run one in a container sharing this one's network"),
            warned("SHADOWSOCKS_LOG", "off", NO_SHADOWSOCKS),
            warned("SHADOWSOCKS_LISTENING_ADDRESS", "", NO_SHADOWSOCKS),
            secret("SHADOWSOCKS_PASSWORD", NO_SHADOWSOCKS),
            warned("SHADOWSOCKS_CIPHER", "", NO_SHADOWSOCKS),
            warned("VPN_PORT_FORWARDING_LISTENING_PORT", "0", "the forwarded port is not redirected to another port here: "
                    + "give it to the application (VPN_PORT_FORWARDING_UP_COMMAND or _QBITTORRENT_URL)"),
            warned("VPN_PORT_FORWARDING_USERNAME", "", NO_PIA_PORT_FORWARDING),
            secret("VPN_PORT_FORWARDING_PASSWORD", NO_PIA_PORT_FORWARDING),
            warned("PRIVATE_INTERNET_ACCESS_OPENVPN_ENCRYPTION_PRESET", "normal", "the .ovpn file's cipher and certificates "
                    + "are used, on PIA's ports for its normal certificates (1198/udp, 502/tcp); for the strong ones set "
                    + "OPENVPN_ENDPOINT_PORT=1197 (udp) or 501 (tcp)"),
            warned("OPENVPN_VERSION", "2.6", "the installed openvpn (2.6) is used"),
            warned("OPENVPN_PROCESS_USER", "root", "openvpn runs as root (it removes its routes itself on exit)"),
            warned("OPENVPN_IPV6", "off", "the tunnel carries IPv4 only: pushed IPv6 routes and addresses are ignored"),
            warned("OPENVPN_ENDPOINT_IP", "", "the server's address comes from the servers file or the .ovpn's remote line"),
            warned("OPENVPN_CERT", "", IN_THE_OVPN),
            secret("OPENVPN_KEY", IN_THE_OVPN),
            secret("OPENVPN_ENCRYPTED_KEY", IN_THE_OVPN),
            secret("OPENVPN_KEY_PASSPHRASE", "an encrypted key is not decrypted here: " + IN_THE_OVPN + ", unencrypted"),
            warned("OPENVPN_INTERFACE", "", "VPN_INTERFACE names the tunnel interface"),
            warned("VPN_ENDPOINT_IP", "", "use WIREGUARD_ENDPOINT_IP, or the servers file's or the .ovpn's address"),
            warned("VPN_ENDPOINT_PORT", "", "use OPENVPN_ENDPOINT_PORT or WIREGUARD_ENDPOINT_PORT"),
            refused("SERVER_NUMBER", "use SERVER_NAMES or SERVER_HOSTNAMES to name the servers"),
            refused("ISP", "use SERVER_NAMES or SERVER_HOSTNAMES to name the servers of that ISP"),
            refused("SERVER_CATEGORIES", "use SERVER_NAMES or SERVER_HOSTNAMES to name the servers of those categories"),
            warned("BLOCK_MALICIOUS", "off", NO_BLOCK_LISTS),
            warned("BLOCK_SURVEILLANCE", "off", NO_BLOCK_LISTS),
            warned("BLOCK_ADS", "off", NO_BLOCK_LISTS),
            warned("UNBLOCK", "", NO_BLOCK_LISTS),
            warned("DNS_UPDATE_PERIOD", "0", NO_BLOCK_LISTS),
            warned("DOT_PRIVATE_ADDRESS", "", "private addresses in answers are passed on, not filtered"),
            warned("DOT_IPV6", "off", "the local resolver asks its upstreams over IPv4 only"),
            warned("DNS_UPSTREAM_IPV6", "off", "the local resolver asks its upstreams over IPv4 only"),
            warned("DNS_PLAINTEXT_ADDRESS", "", "use DNS_ADDRESS or DNS_UPSTREAM_PLAIN_ADDRESSES (with DNS_UPSTREAM_RESOLVER_TYPE=plain)"),
            warned("DOT_CACHING", "", "use DNS_CACHING"),
            warned("DOT_VERBOSITY", "", "LOG_LEVEL sets how much the [dns] lines say"),
            warned("DOT_VERBOSITY_DETAILS", "", "LOG_LEVEL sets how much the [dns] lines say"),
            warned("DOT_VALIDATION_LOGLEVEL", "", "LOG_LEVEL sets how much the [dns] lines say"),
            warned("UPDATER_PERIOD", "0", NO_UPDATER),
            warned("UPDATER_MIN_RATIO", "", NO_UPDATER),
            warned("UPDATER_VPN_SERVICE_PROVIDERS", "", NO_UPDATER),
            warned("UPDATER_PROTONVPN_EMAIL", "", NO_UPDATER),
            secret("UPDATER_PROTONVPN_PASSWORD", NO_UPDATER),
            warned("PUBLICIP_PERIOD", "", "the public IP address is looked up once after each tunnel-up; PUBLICIP_ENABLED=off "
                    + "turns it off"),
            warned("PUBLICIP_API", "ipinfo", "PUBLICIP_API_URL names the lookup service (ipinfo's JSON shape, or a bare address)"),
            warned("VERSION_INFORMATION", "off", "no version check is made"),
            warned("HTTP_CONTROL_SERVER_LOG", "off", "control API requests are not logged one by one"),
            warned("HEALTH_ICMP_TARGET_IP", "", "the check TCP-dials HEALTH_TARGET_ADDRESS(ES); there is no ICMP check"),
            warned("HEALTH_SMALL_CHECK_TYPE", "", "the check TCP-dials HEALTH_TARGET_ADDRESS(ES); there is no ICMP or DNS check"),
            warned("FIREWALL_DEBUG", "off", "the kill switch's rules are not logged; iptables -S shows them"),
            warned("FIREWALL_ENABLED_DISABLING_IT_SHOOTS_YOU_IN_YOUR_FOOT", "on", "use FIREWALL=off to turn the kill switch off"),
            warned("PUID", "", "files are written as the process's user"),
            warned("PGID", "", "files are written as the process's group"),
            warned("STORAGE_FILEPATH", "", "SERVERS_FILE names the servers file"));

    private static final Map<String, Name> BY_ENV = new LinkedHashMap<>();

    static {
        for (Name name : ALL) {
            if (BY_ENV.put(name.env(), name) != null) {
                throw new IllegalStateException("named twice: " + name.env());
            }
        }
    }

    private GluetunNames() {
    }

    public static Map<String, Name> byEnv() {
        return BY_ENV;
    }

    /** One warning line per warned name set in {@code env} to something that asks for a feature, in table order. */
    public static List<String> warnings(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        for (Name name : ALL) {
            if (name.treatment() == Treatment.WARNED && asksForSomething(name, env)) {
                out.add(value(name, env).describe() + " is gluetun's and not supported here: " + name.instead());
            }
        }
        return out;
    }

    /** Adds a problem for each refused name (a server filter) set in {@code env}. */
    public static void check(Map<String, String> env, List<String> problems) {
        for (Name name : ALL) {
            if (name.treatment() == Treatment.REFUSED && asksForSomething(name, env)) {
                problems.add(value(name, env).describe() + ": a gluetun server filter tunnelkeeper does not have, and "
                        + "ignoring it would choose servers it excludes; valid: unset, and " + name.instead());
            }
        }
    }

    private static boolean asksForSomething(Name name, Map<String, String> env) {
        String text = env.getOrDefault(name.env(), "").strip();
        if (text.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT).replace(" ", "");
        // A boolean "off" is written as gluetun users write it: off, no, false.
        boolean neutralOff = name.neutral().contains("off") && RawSettings.parseBool(text).filter(b -> !b).isPresent();
        boolean neutralOn = name.neutral().contains("on") && RawSettings.parseBool(text).filter(b -> b).isPresent();
        return !(neutralOff || neutralOn || name.neutral().contains(lower));
    }

    private static RawSettings.Value value(Name name, Map<String, String> env) {
        return new RawSettings.Value(new SettingSpec(name.env(), "", "", name.secret(), name.instead()),
                env.get(name.env()), "env");
    }

    private static Name warned(String env, String neutral, String instead) {
        return new Name(env, Treatment.WARNED, neutral.isEmpty() ? Set.of() : Set.of(neutral.split("\\|")), false, instead);
    }

    private static Name secret(String env, String instead) {
        return new Name(env, Treatment.WARNED, Set.of(), true, instead);
    }

    private static Name refused(String env, String instead) {
        return new Name(env, Treatment.REFUSED, Set.of(), false, instead);
    }
}
