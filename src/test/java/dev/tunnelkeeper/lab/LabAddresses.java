package dev.tunnelkeeper.lab;

/**
 * The lab's address plan. Server i (1-based) sits on 10.(200+i).0.2 behind the router, hands out
 * OpenVPN addresses from 10.8.i.0/24 and has WireGuard address 10.9.i.1/24; the WireGuard client uses
 * 10.9.0.2/32 with every server, so one client setting works with any of them.
 */
final class LabAddresses {
    static final int MAX_SERVERS = 50;
    static final String CLIENT_IP = "10.200.0.2";
    static final String CLIENT_GATEWAY = "10.200.0.1";
    static final String CLIENT_SUBNET = "10.200.0.0/24";
    static final String TARGET_IP = "172.16.99.1";
    static final int TARGET_PORT = 443;
    /** The public-IP echo beside the health target (started on demand by Lab.startIpEcho). */
    static final int ECHO_PORT = 80;
    static final int OPENVPN_PORT = 1194;
    static final int WIREGUARD_PORT = 51820;
    static final String WIREGUARD_CLIENT_IP = "10.9.0.2";
    static final String WIREGUARD_CLIENT_ADDRESS = WIREGUARD_CLIENT_IP + "/32";
    static final int WIREGUARD_MTU = 1420;

    private LabAddresses() {
    }

    static String serverIp(int server) {
        return "10." + (200 + server) + ".0.2";
    }

    static String routerIpFacingServer(int server) {
        return "10." + (200 + server) + ".0.1";
    }

    static String openVpnPool(int server) {
        return "10.8." + server + ".0";
    }

    static String wireGuardServerAddress(int server) {
        return "10.9." + server + ".1/24";
    }
}
