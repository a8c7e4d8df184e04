package dev.tunnelkeeper.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Runs a lab for a demo: prints its facts as KEY=VALUE lines (the last one is READY=1), then takes
 * fault commands on stdin, one per line, answering each with "OK <command>" or "ERROR <command>: why":
 * {@code stop-openvpn N}, {@code start-openvpn N}, {@code stop-wireguard N}, {@code start-wireguard N},
 * {@code blackhole N on|off}, {@code quit}. EOF, quit, SIGTERM or SIGINT tear the lab down.
 *
 * <p>Run as root after {@code mvn test-compile}:
 * {@code java -cp target/test-classes dev.tunnelkeeper.lab.LabDemoServers [servers]} (default 2 servers).
 */
public final class LabDemoServers {
    private LabDemoServers() {
    }

    public static void main(String[] args) throws IOException {
        Optional<String> why = LabRequirements.whyLabCannotRun();
        if (why.isPresent()) {
            System.err.println("cannot start the lab: " + why.get());
            System.exit(1);
        }
        int servers = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        try (Lab lab = Lab.start(servers)) {
            printFacts(lab);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null && !line.strip().equals("quit"); line = in.readLine()) {
                if (!line.isBlank()) {
                    System.out.println(execute(lab, line.strip()));
                }
            }
        } catch (LabException e) {
            System.err.println("lab failed: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void printFacts(Lab lab) {
        StringBuilder facts = new StringBuilder();
        fact(facts, "LAB_PREFIX", lab.prefix());
        fact(facts, "LAB_DIR", lab.directory());
        fact(facts, "LAB_START_MS", lab.startDuration().toMillis());
        fact(facts, "CLIENT_NAMESPACE", lab.clientNamespace());
        fact(facts, "CLIENT_GATEWAY", lab.clientGateway());
        fact(facts, "HEALTH_TARGET", lab.healthTarget());
        fact(facts, "PUBLICIP_API_URL", lab.startIpEcho());
        fact(facts, "OPENVPN_CLIENT_CONFIG", lab.clientOvpn());
        fact(facts, "WIREGUARD_CLIENT_PRIVATE_KEY", lab.wireGuardClientPrivateKey());
        fact(facts, "WIREGUARD_CLIENT_ADDRESS", lab.wireGuardClientAddress());
        fact(facts, "SERVER_COUNT", lab.serverCount());
        for (int server = 1; server <= lab.serverCount(); server++) {
            String key = "SERVER_" + server + "_";
            fact(facts, key + "NAME", lab.serverName(server));
            fact(facts, key + "NAMESPACE", lab.serverNamespace(server));
            fact(facts, key + "OPENVPN_ENDPOINT", lab.openVpnEndpoint(server).hostPort());
            fact(facts, key + "OPENVPN_PROTOCOL", lab.openVpnEndpoint(server).protocol());
            fact(facts, key + "WIREGUARD_ENDPOINT", lab.wireGuardEndpoint(server).hostPort());
            fact(facts, key + "WIREGUARD_PUBLIC_KEY", lab.wireGuardServerPublicKey(server));
        }
        try {
            fact(facts, "SERVERS_FILE", LabServersFile.write(lab));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        fact(facts, "READY", 1);
        System.out.print(facts);
        System.out.flush();
    }

    private static void fact(StringBuilder facts, String key, Object value) {
        facts.append(key).append('=').append(value).append('\n');
    }

    private static String execute(Lab lab, String command) {
        String[] words = command.split("\\s+");
        try {
            int server = words.length > 1 ? Integer.parseInt(words[1]) : -1;
            switch (words[0]) {
                case "stop-openvpn" -> lab.stopOpenVpnServer(server);
                case "start-openvpn" -> lab.startOpenVpnServer(server);
                case "stop-wireguard" -> lab.stopWireGuardServer(server);
                case "start-wireguard" -> lab.startWireGuardServer(server);
                case "blackhole" -> lab.blackhole(server, words.length > 2 && words[2].equals("on"));
                default -> throw new IllegalArgumentException("unknown command (stop-openvpn N, start-openvpn N, "
                        + "stop-wireguard N, start-wireguard N, blackhole N on|off, quit)");
            }
            return "OK " + command;
        } catch (RuntimeException e) {
            return "ERROR " + command + ": " + e.getMessage();
        }
    }
}
