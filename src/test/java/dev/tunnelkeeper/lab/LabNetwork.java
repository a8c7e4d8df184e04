package dev.tunnelkeeper.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Creates and removes the lab's namespaces and links. Each veth pair is created from inside the
 * router namespace with its peer placed straight into the other lab namespace, so the host's own
 * namespace and network are never touched. The router forwards between lab subnets only: no NAT,
 * no route out.
 */
final class LabNetwork {
    private LabNetwork() {
    }

    static void create(LabNames names, int servers) {
        List<String> namespaces = names.namespaces(servers);
        ipBatch(null, namespaces.stream().map(ns -> "netns add " + ns).toList());
        // IPv6 off before any link exists, so no ND/MLD noise ever pollutes leak counts.
        Parallel.run(namespaces.stream()
                .<Runnable>map(ns -> () -> sysctls(ns, ns.equals(names.routerNamespace())))
                .toList());
        ipBatch(names.routerNamespace(), routerCommands(names, servers));
        ipBatch(names.clientNamespace(), List.of(
                "link set lo up",
                "addr add " + LabAddresses.CLIENT_IP + "/24 dev eth0",
                "link set eth0 up",
                // The client needs a default route so `redirect-gateway def1` can pin the endpoint /32.
                "route add default via " + LabAddresses.CLIENT_GATEWAY));
        for (int server = 1; server <= servers; server++) {
            ipBatch(names.serverNamespace(server), List.of(
                    "link set lo up",
                    // The health target: the router has no route to it, so only a tunnel reaches it.
                    "addr add " + LabAddresses.TARGET_IP + "/32 dev lo",
                    "addr add " + LabAddresses.serverIp(server) + "/24 dev eth0",
                    "link set eth0 up",
                    "route add " + LabAddresses.CLIENT_SUBNET + " via " + LabAddresses.routerIpFacingServer(server)));
        }
    }

    private static List<String> routerCommands(LabNames names, int servers) {
        List<String> commands = new ArrayList<>(List.of(
                "link set lo up",
                "link add l-cli type veth peer name eth0 netns " + names.clientNamespace(),
                "addr add " + LabAddresses.CLIENT_GATEWAY + "/24 dev l-cli",
                "link set l-cli up"));
        for (int server = 1; server <= servers; server++) {
            String port = routerPortFacingServer(server);
            commands.add("link add " + port + " type veth peer name eth0 netns " + names.serverNamespace(server));
            commands.add("addr add " + LabAddresses.routerIpFacingServer(server) + "/24 dev " + port);
            commands.add("link set " + port + " up");
        }
        return commands;
    }

    static String routerPortFacingServer(int server) {
        return "l-s" + server;
    }

    private static void sysctls(String namespace, boolean router) {
        List<String> command = new ArrayList<>(List.of(LabTools.path("ip"), "netns", "exec", namespace,
                LabTools.path("sysctl"), "-q", "-w",
                "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1"));
        if (router) {
            command.add("net.ipv4.ip_forward=1");
        }
        Commands.check(command);
    }

    /** Runs `ip` commands in one process, inside {@code namespace} (or on the host for `netns add/del`). */
    static void ipBatch(String namespace, List<String> commands) {
        List<String> command = new ArrayList<>(List.of(LabTools.path("ip")));
        if (namespace != null) {
            command.addAll(List.of("-n", namespace));
        }
        command.addAll(List.of("-batch", "-"));
        Commands.check(command, String.join("\n", commands) + "\n");
    }

    /** The namespaces of this lab that exist right now (also those of a half-made lab). */
    static List<String> existingNamespaces(LabNames names) {
        try (Stream<Path> entries = Files.list(LabNames.NETNS_DIR)) {
            return entries.map(path -> path.getFileName().toString()).filter(names::owns).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Ends, by PID, any process still inside a lab namespace (e.g. a child a test's process left behind). */
    static void killProcessesInside(LabNames names) {
        List<String> survivors = new ArrayList<>();
        for (String namespace : existingNamespaces(names)) {
            Commands.Result pids = Commands.run(List.of(LabTools.path("ip"), "netns", "pids", namespace), null,
                    Commands.DEFAULT_TIMEOUT);
            for (String pid : pids.stdout().strip().split("\\s+")) {
                if (!pid.isEmpty() && !ProcStat.terminate(Long.parseLong(pid), Duration.ofSeconds(2))) {
                    survivors.add(pid + " in " + namespace);
                }
            }
        }
        if (!survivors.isEmpty()) {
            throw new LabException("processes survived SIGKILL: " + String.join(", ", survivors));
        }
    }

    static void deleteNamespaces(LabNames names) {
        List<String> namespaces = existingNamespaces(names);
        if (!namespaces.isEmpty()) {
            ipBatch(null, namespaces.stream().map(ns -> "netns del " + ns).toList());
        }
    }
}
