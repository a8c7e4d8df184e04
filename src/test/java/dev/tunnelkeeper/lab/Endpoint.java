package dev.tunnelkeeper.lab;

/** Where a lab VPN server listens, e.g. 10.201.0.2 1194 udp. */
public record Endpoint(String ip, int port, String protocol) {
    /** "ip:port", as WireGuard endpoints and health targets are written. */
    public String hostPort() {
        return ip + ":" + port;
    }

    @Override
    public String toString() {
        return hostPort() + "/" + protocol;
    }
}
