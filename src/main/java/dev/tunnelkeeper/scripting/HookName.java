package dev.tunnelkeeper.scripting;

import java.util.Optional;

/**
 * The hooks: the export names the host looks for in each module. Version 2 added the tunnel and public IP
 * notifications; a version 1 file that exports one of them is told that it is not called.
 */
public enum HookName {
    /** On each failed check and when the unhealthy window elapses: wait or restart. */
    ON_HEALTH_CHECK_FAILED("onHealthCheckFailed", true),
    /** Before each (re)connect: which of the candidates. */
    SELECT_SERVER("selectServer", true),
    /** On each successful check: stay, or switch to another server. */
    ON_HEALTH_CHECK_SUCCEEDED("onHealthCheckSucceeded", true),
    /** The tunnel is healthy again (the first success after failures or at start): a notification. */
    ON_HEALTHY("onHealthy", false),
    /** A new connect attempt after a restart or a crash: a notification. */
    ON_RESTART("onRestart", false),
    /** The tunnel is up (after each connect): a notification, API version 2. */
    ON_TUNNEL_UP("onTunnelUp", false, 2),
    /** The tunnel that was up went down, with the cause: a notification, API version 2. */
    ON_TUNNEL_DOWN("onTunnelDown", false, 2),
    /** The public IP lookup found an address other than the last one: a notification, API version 2. */
    ON_PUBLIC_IP_CHANGED("onPublicIpChanged", false, 2),
    /** The forwarded ports changed (VPN_PORT_FORWARDING): a notification, API version 2. */
    ON_PORT_FORWARDED("onPortForwarded", false, 2);

    private final String export;
    private final boolean decides;
    private final int since;

    HookName(String export, boolean decides) {
        this(export, decides, 1);
    }

    HookName(String export, boolean decides, int since) {
        this.export = export;
        this.decides = decides;
        this.since = since;
    }

    /** The API version that introduced it. */
    public int since() {
        return since;
    }

    /** The name a module exports it under. */
    public String export() {
        return export;
    }

    /** Whether its answer is used (the first file's answer wins) or ignored (every file is told). */
    public boolean decides() {
        return decides;
    }

    public static Optional<HookName> ofExport(String name) {
        for (HookName h : values()) {
            if (h.export.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** A hook whose name differs from {@code name} only in case: a typo that would leave the hook never called. */
    static Optional<HookName> lookalike(String name) {
        for (HookName h : values()) {
            if (h.export.equalsIgnoreCase(name) && !h.export.equals(name)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }
}
