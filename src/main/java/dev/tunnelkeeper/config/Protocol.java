package dev.tunnelkeeper.config;

import java.util.Locale;

/** The transport of a VPN endpoint. */
public enum Protocol {
    UDP, TCP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
