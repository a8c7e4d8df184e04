package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The lab's servers as a tunnelkeeper servers file (gluetun's servers.json shape), for tests and the demo. */
public final class LabServersFile {
    private LabServersFile() {
    }

    /**
     * A servers file (gluetun's shape) listing every server of the lab, OpenVPN and WireGuard entries, named s1, s2, ...
     * Written with JSON-P so the test does not hand-build JSON.
     */
    public static Path write(Lab lab) throws IOException {
        jakarta.json.JsonArrayBuilder servers = jakarta.json.Json.createArrayBuilder();
        for (int i = 1; i <= lab.serverCount(); i++) {
            servers.add(jakarta.json.Json.createObjectBuilder()
                    .add("vpn", "openvpn").add("server_name", lab.serverName(i)).add("hostname", lab.serverName(i) + ".lab")
                    .add("country", "Labland").add("region", "region-" + i).add("city", "city-" + i)
                    .add("ips", jakarta.json.Json.createArrayBuilder().add(lab.openVpnEndpoint(i).ip()))
                    .add("udp", true).add("tcp", false).add("port", lab.openVpnEndpoint(i).port()));
            servers.add(jakarta.json.Json.createObjectBuilder()
                    .add("vpn", "wireguard").add("server_name", lab.serverName(i)).add("hostname", lab.serverName(i) + ".lab")
                    .add("country", "Labland").add("region", "region-" + i).add("city", "city-" + i)
                    .add("ips", jakarta.json.Json.createArrayBuilder().add(lab.wireGuardEndpoint(i).ip()))
                    .add("wgpubkey", lab.wireGuardServerPublicKey(i)).add("port", lab.wireGuardEndpoint(i).port()));
        }
        Path file = lab.directory().resolve("servers.json");
        Files.writeString(file, jakarta.json.Json.createObjectBuilder().add("servers", servers).build().toString());
        return file;
    }

}
