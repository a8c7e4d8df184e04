package dev.tunnelkeeper.vpn;

import java.util.Optional;

/**
 * What the supervisor needs from the firewall: before each connect, let out only the chosen endpoint;
 * open and close the tunnel interface. Every method fails closed: it throws rather than leave traffic open.
 * The firewall package implements it with iptables; {@link #OFF} is FIREWALL=off.
 */
public interface KillSwitch {

    /** Allows outbound traffic to this endpoint only (the previous endpoint's rule is removed first). */
    void allowEndpoint(Endpoint endpoint) throws FirewallException;

    /** The tunnel interface is up: allow traffic on it (and the VPN input ports). */
    void tunnelUp(String iface) throws FirewallException;

    /** The tunnel interface is going away. */
    void tunnelDown(String iface) throws FirewallException;

    /**
     * Accepts these ports in (TCP and UDP) on the tunnel interface while it is up, replacing the previous forwarded
     * ports; empty closes them (VPN_PORT_FORWARDING).
     */
    default void forwardedPorts(java.util.List<Integer> ports) throws FirewallException {
    }

    /**
     * Lets DNS queries (UDP and TCP) out to these nameservers on the default interface, replacing the previous ones;
     * empty closes them. For the duration of one lookup of a server's host name while the tunnel is down.
     */
    default void dnsLookups(java.util.List<java.net.InetSocketAddress> nameservers) throws FirewallException {
    }

    /**
     * Checks that the rules in place are still the kill switch's own and puts them back where something else changed
     * them. Returns what was put back, or empty when nothing had changed. Throws when they cannot be put back.
     */
    default Optional<String> restoreIfChanged() throws FirewallException {
        return Optional.empty();
    }

    KillSwitch OFF = new KillSwitch() {
        @Override
        public void allowEndpoint(Endpoint endpoint) {
        }

        @Override
        public void tunnelUp(String iface) {
        }

        @Override
        public void tunnelDown(String iface) {
        }
    };

    /** Applying rules failed; the message names the command and its output. */
    final class FirewallException extends Exception {
        public FirewallException(String message) {
            super(message);
        }

        public FirewallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
