package dev.tunnelkeeper.vpn;

/** A VPN client could not start; the message says which program or command failed and what it printed. */
public class VpnClientException extends Exception {
    public VpnClientException(String message) {
        super(message);
    }

    public VpnClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
