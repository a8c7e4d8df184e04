package dev.tunnelkeeper.config;

import java.util.List;
import java.util.Locale;

/**
 * gluetun's per-server booleans in servers.json and the *_ONLY settings that filter on them: with FREE_ONLY=on only
 * servers with {@code "free": true} are chosen. A server without the field does not have the feature.
 */
public enum ServerFeature {
    FREE("FREE_ONLY", "free", "free servers (ProtonVPN, VPN Unlimited)"),
    OWNED("OWNED_ONLY", "owned", "servers the provider owns (Mullvad)"),
    PREMIUM("PREMIUM_ONLY", "premium", "premium servers (VPNSecure)"),
    STREAM("STREAM_ONLY", "stream", "streaming servers (ProtonVPN, VPN Unlimited)"),
    SECURE_CORE("SECURE_CORE_ONLY", "secure_core", "Secure Core servers (ProtonVPN)", "secure"),
    TOR("TOR_ONLY", "tor", "Tor servers (ProtonVPN)"),
    MULTIHOP("MULTIHOP_ONLY", "multihop", "multi-hop servers (Surfshark)"),
    PORT_FORWARD("PORT_FORWARD_ONLY", "port_forward", "servers that forward a port (PIA, ProtonVPN)");

    private final String env;
    private final List<String> fields;
    private final String description;

    ServerFeature(String env, String field, String description, String... aliases) {
        this.env = env;
        this.fields = java.util.stream.Stream.concat(java.util.stream.Stream.of(field), java.util.stream.Stream.of(aliases)).toList();
        this.description = description;
    }

    /** The setting that asks for it, e.g. FREE_ONLY. */
    public String env() {
        return env;
    }

    /** Its YAML key, e.g. servers.free_only. */
    public String yamlKey() {
        return "servers." + env.toLowerCase(Locale.ROOT);
    }

    /** Its field in servers.json, e.g. "free"; then any other name gluetun's files have used for it. */
    public List<String> fields() {
        return fields;
    }

    public String description() {
        return description;
    }

    /** How filters and summaries name it: "free only". */
    public String label() {
        return env.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
