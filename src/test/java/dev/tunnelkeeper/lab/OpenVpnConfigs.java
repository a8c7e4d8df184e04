package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The OpenVPN 2.6 server and client configurations of the lab. */
final class OpenVpnConfigs {
    private OpenVpnConfigs() {
    }

    /** No scripts needed: 2.6 sets addresses and routes itself over netlink. */
    static String server(int server, Pki pki) {
        return """
                # tunnelkeeper lab: OpenVPN server s%1$d
                proto udp4
                local %2$s
                port %3$d
                dev tun
                topology subnet
                server %4$s 255.255.255.0
                keepalive 2 10
                push "redirect-gateway def1"
                ca %5$s
                cert %6$s
                key %7$s
                dh none
                tls-crypt %8$s
                verb 3
                """.formatted(server, LabAddresses.serverIp(server), LabAddresses.OPENVPN_PORT,
                LabAddresses.openVpnPool(server), pki.caCert(), pki.serverCert(), pki.serverKey(), pki.tlsCryptKey());
    }

    /** A self-contained client config (inline keys) whose `remote` is server 1; callers override it per server. */
    static String client(Pki pki, String remoteIp) {
        return """
                # tunnelkeeper lab: OpenVPN client; works with every lab server (one CA)
                client
                dev tun
                proto udp4
                remote %1$s %2$d
                nobind
                remote-cert-tls server
                connect-retry 1 1
                verb 3
                <ca>
                %3$s</ca>
                <cert>
                %4$s</cert>
                <key>
                %5$s</key>
                <tls-crypt>
                %6$s</tls-crypt>
                """.formatted(remoteIp, LabAddresses.OPENVPN_PORT, read(pki.caCert()), read(pki.clientCert()),
                read(pki.clientKey()), read(pki.tlsCryptKey()));
    }

    private static String read(Path file) {
        try {
            String text = Files.readString(file);
            return text.endsWith("\n") ? text : text + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
