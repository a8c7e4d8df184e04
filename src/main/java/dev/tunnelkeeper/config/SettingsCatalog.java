package dev.tunnelkeeper.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting tunnelkeeper accepts, in one table: the env name, the YAML key, the default and what it means.
 * config/tunnelkeeper.yaml and the README's table are checked against this list by tests.
 */
public final class SettingsCatalog {
    public static final List<SettingSpec> ALL = List.of(
            s("LOG_LEVEL", "log.level", "info", "debug, info, warn or error"),

            s("HEALTH_TARGET_ADDRESS", "health.target_address", "cloudflare.com:443",
                    "host:port the health check TCP-dials; port 443 is added when missing"),
            s("HEALTH_TARGET_ADDRESSES", "health.target_addresses", "",
                    "comma-separated targets tried in turn within one check; when set, replaces HEALTH_TARGET_ADDRESS"),
            s("HEALTH_SERVER_ADDRESS", "health.server_address", "127.0.0.1:9999",
                    "where the health server listens (GET: 200 healthy, 500 + error unhealthy)"),
            s("HEALTH_SUCCESS_WAIT_DURATION", "health.success_wait_duration", "5s",
                    "pause after a successful check before the next one"),
            s("HEALTH_VPN_DURATION_INITIAL", "health.vpn_duration_initial", "6s",
                    "how long the program may stay unhealthy before the VPN is restarted"),
            s("HEALTH_VPN_DURATION_ADDITION", "health.vpn_duration_addition", "5s",
                    "added to that window after each restart"),
            s("HEALTH_RESTART_VPN", "health.restart_vpn", "on",
                    "off: keep checking and logging but never restart the VPN"),

            s("VPN_TYPE", "vpn.type", "openvpn", "openvpn or wireguard"),
            s("VPN_SERVICE_PROVIDER", "vpn.service_provider", "custom",
                    "custom: the server comes from OPENVPN_CUSTOM_CONFIG or the WIREGUARD_ENDPOINT_* settings; a provider's name as gluetun writes it (nordvpn, private internet access, ...): its block of the SERVERS_FILE, on its default ports"),
            s("VPN_INTERFACE", "vpn.interface", "",
                    "tunnel interface name; empty means tun0 for openvpn, wg0 for wireguard"),
            s("VPN_READY_TIMEOUT", "vpn.ready_timeout", "15s",
                    "how long a starting VPN client may take to bring the tunnel up before the attempt counts as failed"),

            s("OPENVPN_CUSTOM_CONFIG", "openvpn.custom_config", "",
                    "path of your .ovpn file; its remote is the server (the same file serves every server)"),
            s("OPENVPN_USER", "openvpn.user", "", "user name for auth-user-pass; empty: none"),
            secret("OPENVPN_PASSWORD", "openvpn.password", "", "password for auth-user-pass (written to a 0400 file)"),
            s("OPENVPN_PROTOCOL", "openvpn.protocol", "udp", "udp or tcp"),
            s("OPENVPN_ENDPOINT_PORT", "openvpn.endpoint_port", "", "overrides the server's port; empty: the server's, else the provider's default for the protocol (NordVPN 1194/udp, 443/tcp; PIA 1198/udp, 502/tcp; ...)"),
            s("OPENVPN_MSSFIX", "openvpn.mssfix", "0", "openvpn --mssfix value; 0 leaves the provider's"),
            s("OPENVPN_FLAGS", "openvpn.flags", "", "extra openvpn command-line flags, space-separated"),
            s("OPENVPN_VERBOSITY", "openvpn.verbosity", "1", "openvpn --verb, 0 to 6"),
            s("OPENVPN_CIPHERS", "openvpn.ciphers", "",
                    "comma-separated data-channel ciphers, replacing the file's (data-ciphers, the first also data-ciphers-fallback), such as AES-256-GCM,AES-128-GCM; empty: the file's"),
            s("OPENVPN_AUTH", "openvpn.auth", "", "the HMAC digest (openvpn auth), replacing the file's, such as SHA256; empty: the file's"),

            secret("WIREGUARD_PRIVATE_KEY", "wireguard.private_key", "", "your base64 private key"),
            s("WIREGUARD_CONF_SECRETFILE", "wireguard.conf_secretfile", "/run/secrets/wg0.conf",
                    "a WireGuard configuration file as providers hand it out ([Interface] PrivateKey, Address, MTU; [Peer] PublicKey, PresharedKey, Endpoint, AllowedIPs, PersistentKeepalive); its values are used where the settings above and below are not set; the default path is used only when the file is there"),
            s("WIREGUARD_PUBLIC_KEY", "wireguard.public_key", "", "the server's base64 public key"),
            secret("WIREGUARD_PRESHARED_KEY", "wireguard.preshared_key", "", "base64 preshared key; empty: none"),
            s("WIREGUARD_ADDRESSES", "wireguard.addresses", "", "your tunnel addresses, comma-separated CIDRs"),
            s("WIREGUARD_ENDPOINT_IP", "wireguard.endpoint_ip", "", "the server's IP address or host name"),
            s("WIREGUARD_ENDPOINT_PORT", "wireguard.endpoint_port", "",
                    "the server's UDP port; empty: the servers file's port, else the provider's default (51820 for most; AirVPN 1637, IVPN 58237, Windscribe 1194)"),
            s("WIREGUARD_MTU", "wireguard.mtu", "1320", "tunnel MTU, 576 to 9000"),
            s("WIREGUARD_ALLOWED_IPS", "wireguard.allowed_ips", "0.0.0.0/0,::/0",
                    "comma-separated CIDRs routed through the tunnel; the rest is not routed there and the kill switch blocks it outside (FIREWALL_OUTBOUND_SUBNETS excepted); IPv6 ones are left out with a warning (the tunnel carries IPv4 only)"),
            s("WIREGUARD_PERSISTENT_KEEPALIVE_INTERVAL", "wireguard.persistent_keepalive_interval", "25s",
                    "keepalive interval; 0 turns it off (a handshake then only happens with traffic)"),
            s("WIREGUARD_IMPLEMENTATION", "wireguard.implementation", "auto",
                    "auto, kernelspace or userspace (wireguard-go); auto uses the kernel's when it has one"),

            s("VPN_PORT_FORWARDING", "portforward.enabled", "off",
                    "on: after each tunnel-up, lease a forwarded port from the tunnel's gateway with NAT-PMP and renew it"),
            s("VPN_PORT_FORWARDING_PROVIDER", "portforward.provider", "",
                    "protonvpn, or natpmp for any gateway speaking NAT-PMP (RFC 6886); empty: VPN_SERVICE_PROVIDER's (custom must name one)"),
            s("VPN_PORT_FORWARDING_STATUS_FILE", "portforward.status_file", "/tmp/gluetun/forwarded_port",
                    "the forwarded port is written here (gluetun's path and format) while it is forwarded, and deleted when it stops"),
            s("VPN_PORT_FORWARDING_UP_COMMAND", "portforward.up_command", "",
                    "run without a shell when a port is forwarded, {{PORTS}}, {{PORT}} and {{VPN_INTERFACE}} replaced; 30 s limit; empty: none"),
            s("VPN_PORT_FORWARDING_DOWN_COMMAND", "portforward.down_command", "",
                    "run the same way with the old port when it stops being forwarded; empty: none"),
            s("VPN_PORT_FORWARDING_LIFETIME", "portforward.lifetime", "60s",
                    "the lease asked for, 2s to 24h, whole seconds; renewed after three quarters of what the gateway grants (at least 2 s before it runs out)"),
            s("VPN_PORT_FORWARDING_QBITTORRENT_URL", "portforward.qbittorrent_url", "",
                    "qBittorrent's WebUI, such as http://127.0.0.1:8080: its listen port is set to the forwarded port and read back; empty: off"),
            s("VPN_PORT_FORWARDING_QBITTORRENT_USER", "portforward.qbittorrent_user", "admin", "qBittorrent WebUI user name"),
            secret("VPN_PORT_FORWARDING_QBITTORRENT_PASSWORD", "portforward.qbittorrent_password", "",
                    "qBittorrent WebUI password"),

            s("SERVERS_FILE", "servers.file", "config/servers.json",
                    "servers in gluetun's servers.json shape; when unset and absent, the one server of OPENVPN_CUSTOM_CONFIG or WIREGUARD_ENDPOINT_*"),
            s("SERVER_REGIONS", "servers.regions", "", "comma-separated regions, case-insensitive; a server must be in one"),
            s("SERVER_COUNTRIES", "servers.countries", "", "comma-separated countries"),
            s("SERVER_CITIES", "servers.cities", "", "comma-separated cities"),
            s("SERVER_HOSTNAMES", "servers.hostnames", "", "comma-separated hostnames"),
            s("SERVER_NAMES", "servers.names", "",
                    "comma-separated server names; with ordered selection the order written is the priority"),
            s("FREE_ONLY", "servers.free_only", "off",
                    "on: only free servers (\"free\": true in the servers file; ProtonVPN, VPN Unlimited); needs a servers file"),
            s("OWNED_ONLY", "servers.owned_only", "off",
                    "on: only servers the provider owns (\"owned\": true; Mullvad); needs a servers file"),
            s("PREMIUM_ONLY", "servers.premium_only", "off",
                    "on: only premium servers (\"premium\": true; VPNSecure); needs a servers file"),
            s("STREAM_ONLY", "servers.stream_only", "off",
                    "on: only streaming servers (\"stream\": true; ProtonVPN, VPN Unlimited); needs a servers file"),
            s("SECURE_CORE_ONLY", "servers.secure_core_only", "off",
                    "on: only Secure Core servers (\"secure_core\": true; ProtonVPN); needs a servers file"),
            s("TOR_ONLY", "servers.tor_only", "off",
                    "on: only Tor servers (\"tor\": true; ProtonVPN); needs a servers file"),
            s("MULTIHOP_ONLY", "servers.multihop_only", "off",
                    "on: only multi-hop servers (\"multihop\": true; Surfshark); needs a servers file"),
            s("PORT_FORWARD_ONLY", "servers.port_forward_only", "off",
                    "on: only servers that forward a port (\"port_forward\": true; PIA, ProtonVPN); needs a servers file"),
            s("SERVER_SELECTION", "servers.selection", "random",
                    "random: any server that has not failed within the cool-down; ordered: the first such in the order of the filter values, then of the file"),
            s("SERVER_COOLDOWN", "servers.cooldown", "5m",
                    "how long a server that failed or lost its tunnel is passed over while another has not failed; 0: never"),

            s("FIREWALL", "firewall.enabled", "on",
                    "the kill switch; off lets traffic leave outside the tunnel while the VPN is down (a loud warning is logged)"),
            s("FIREWALL_OUTBOUND_SUBNETS", "firewall.outbound_subnets", "",
                    "comma-separated IPv4 CIDRs reachable outside the tunnel through the default interface, such as 192.168.1.0/24"),
            s("FIREWALL_INPUT_PORTS", "firewall.input_ports", "",
                    "comma-separated ports accepted in (tcp and udp) on the default interface from outside the container's own subnets"),
            s("FIREWALL_VPN_INPUT_PORTS", "firewall.vpn_input_ports", "",
                    "comma-separated ports accepted in (tcp and udp) on the VPN interface while it is up, such as a forwarded port"),

            s("SCRIPTS_DIR", "hooks.scripts_dir", "scripts",
                    "directory whose *.mjs JavaScript hooks are loaded and watched (not its subdirectories: scripts/examples stays inactive)"),
            s("HOOK_TIMEOUT", "hooks.timeout", "50ms",
                    "time limit of one hook call, 1ms to 500ms; a call that runs longer is stopped and the built-in decides"),
            s("HOOK_MAX_ERRORS", "hooks.max_errors", "5",
                    "errors in a row after which a hook file is switched off until it changes, 1 to 1000"),
            s("HOOK_FETCH_ALLOW", "hooks.fetch_allow", "",
                    "where notification hooks may send tk.fetch: comma-separated host:port or IPv4-CIDR:port, such as ntfy.sh:443,192.168.1.0/24:8080; anything else is refused before a packet leaves; empty: nowhere"),

            s("HTTP_CONTROL_SERVER_ADDRESS", "control.server_address", ":8000",
                    "where the control API, the Kubernetes probes (/observe/health/...), the metrics (/observe/metrics) and the status page (/) listen"),
            s("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", "control.auth_config_filepath", "config/auth.yaml",
                    "YAML file of roles: name, routes, auth none|basic|apikey and credentials; a missing file at the default path means no roles"),
            secret("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "control.auth_default_role", "",
                    "JSON role for every route that no role of the file names, such as {\"auth\":\"apikey\",\"apikey\":\"...\"}; empty or {}: none"),

            s("DNS_SERVER", "dns.server", "on",
                    "the local resolver, which answers through the tunnel only; off: names resolve as the resolver configuration file says, possibly outside the tunnel"),
            s("DNS_LISTEN_ADDRESS", "dns.listen_address", "127.0.0.1:53",
                    "where the local resolver listens (UDP and TCP), an IPv4 address and port (ours: gluetun's DNS_ADDRESS is an upstream)"),
            s("DNS_KEEP_NAMESERVER", "dns.keep_nameserver", "off",
                    "on: leave the resolver configuration file alone (queries that follow it may leave outside the tunnel)"),
            s("DNS_RESOLV_CONF", "dns.resolv_conf", "/etc/resolv.conf",
                    "the resolver configuration file pointed at the local resolver at start and restored on a clean exit"),
            s("DNS_UPSTREAM_RESOLVER_TYPE", "dns.upstream_resolver_type", "",
                    "dot (DNS over TLS to DNS_UPSTREAM_RESOLVERS and DOT_CUSTOM_SERVERS) or plain (plain DNS to DNS_UPSTREAM_PLAIN_ADDRESSES); empty: from DOT and DNS_ADDRESS"),
            s("DNS_UPSTREAM_RESOLVERS", "dns.upstream_resolvers", "",
                    "comma-separated DNS-over-TLS providers (cloudflare, google, quad9), gluetun's name for DOT_PROVIDERS; empty: DOT_PROVIDERS"),
            s("DNS_UPSTREAM_PLAIN_ADDRESSES", "dns.upstream_plain_addresses", "",
                    "with plain upstreams: comma-separated plain DNS servers asked through the tunnel, ip:port, such as 10.8.0.1:53"),
            s("DNS_ADDRESS", "dns.address", "",
                    "gluetun's: a plain DNS server asked through the tunnel (port 53), such as your VPN provider's; it makes the upstreams plain; 127.0.0.1: none"),
            s("DNS_UPSTREAM_ADDRESSES", "dns.upstream_addresses", "",
                    "with plain upstreams: more plain DNS servers asked through the tunnel, ip or ip:port, such as the VPN's 10.8.0.1"),
            s("DOT", "dns.dot", "on", "DNS over TLS (port 853) to DOT_PROVIDERS and DOT_CUSTOM_SERVERS; off: plain DNS to DNS_UPSTREAM_PLAIN_ADDRESSES; DNS_UPSTREAM_RESOLVER_TYPE wins"),
            s("DOT_PROVIDERS", "dns.dot_providers", "cloudflare", "comma-separated DNS-over-TLS providers: cloudflare, google, quad9; none: only DOT_CUSTOM_SERVERS"),
            s("DOT_CUSTOM_SERVERS", "dns.dot_custom_servers", "",
                    "more DNS-over-TLS servers, comma-separated tlsname@ip[:port], such as dns.example@192.0.2.1:853"),
            s("DOT_CA_FILE", "dns.dot_ca_file", "", "PEM file of CA certificates trusted for DNS over TLS besides the JDK's; empty: the JDK's only"),
            s("DNS_CACHING", "dns.caching", "on", "keep answers for their TTL"),
            s("DNS_CACHE_SIZE", "dns.cache_size", "1024", "answers kept at most, 1 to 1000000; the least recently used goes first"),
            s("DNS_UPSTREAM_TIMEOUT", "dns.upstream_timeout", "2s",
                    "how long a query may wait for the upstreams in all before the answer is SERVFAIL, 100ms to 30s"),

            s("PUBLICIP_ENABLED", "publicip.enabled", "on", "off: never look the public IP address up"),
            s("PUBLICIP_API_URL", "publicip.api_url", "https://ipinfo.io/json",
                    "asked through the tunnel after each tunnel-up: JSON with \"ip\" (ipinfo's shape) or a bare address"),
            s("PUBLICIP_FILE", "publicip.file", "/tmp/tunnelkeeper/ip",
                    "the public IP address is written here while the tunnel is up, and deleted when it goes down"),
            secret("PUBLICIP_API_TOKEN", "publicip.api_token", "", "sent to the lookup service as a bearer token; empty: none"));

    private static final Map<String, SettingSpec> BY_ENV = new LinkedHashMap<>();
    private static final Map<String, SettingSpec> BY_YAML = new LinkedHashMap<>();

    static {
        for (SettingSpec spec : ALL) {
            BY_ENV.put(spec.env(), spec);
            BY_YAML.put(spec.yamlKey(), spec);
        }
    }

    private SettingsCatalog() {
    }

    public static SettingSpec byEnv(String env) {
        SettingSpec spec = BY_ENV.get(env);
        if (spec == null) {
            throw new IllegalArgumentException("no setting named " + env);
        }
        return spec;
    }

    public static SettingSpec byYamlKey(String key) {
        return BY_YAML.get(key);
    }

    private static SettingSpec s(String env, String yaml, String def, String description) {
        return new SettingSpec(env, yaml, def, false, description);
    }

    private static SettingSpec secret(String env, String yaml, String def, String description) {
        return new SettingSpec(env, yaml, def, true, description);
    }
}
