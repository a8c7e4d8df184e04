package dev.tunnelkeeper.app;

import dev.tunnelkeeper.lab.HookReceiverServer;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * BENCHMARKS.md's "notification hooks that hang" section, in the lab: the current OpenVPN server killed -> traffic
 * through the other server ({@link VpnBenchmark#deathToHealthy}, the seed's defaults), first without hooks, then with
 * a hook whose every notification (onTunnelDown, onRestart, onTunnelUp, onHealthy) awaits tk.fetch calls to two
 * receivers that accept and never answer, one on the LAN side and one behind the tunnel (timeoutMs 30000, so each
 * call is still open when the heal is over). Run by bench/hookfetch.sh (root). Args: rounds (default 10).
 */
public final class HookFetchBenchmark {
    private static final String HOOK = """
            export const apiVersion = 2;
            const hang = (event, e) => Promise.allSettled([
              tk.fetch("http://10.202.0.1:8092/" + event, { method: "POST", body: e, timeoutMs: 30000 }),
              tk.fetch("http://172.16.99.1:8082/" + event, { method: "POST", body: e, timeoutMs: 30000 })]);
            export async function onTunnelDown(e) { await hang("down", e); }
            export async function onRestart(e) { await hang("restart", e); }
            export async function onTunnelUp(e) { await hang("up", e); }
            export async function onHealthy(e) { await hang("healthy", e); }
            """;

    private HookFetchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        LabSupport.whyLabCannotRun().ifPresent(why -> {
            throw new IllegalStateException("the lab cannot run here: " + why);
        });
        System.out.println("| what | median | p10-p90 | rounds |");
        System.out.println("|---|---|---|---|");
        try (Lab lab = Lab.start(2)) {
            Path lanLog = lab.directory().resolve("hanging-lan.log");
            lab.startHelper(lab.routerNamespace(), HookReceiverServer.class, lanLog, "10.202.0.1", "8092", "hang");
            for (int i = 1; i <= 2; i++) {
                lab.startHelper(lab.serverNamespace(i), HookReceiverServer.class,
                        lab.directory().resolve("hanging-s" + i + ".log"), "172.16.99.1", "8082", "hang");
            }
            Map<String, String> base = ProductRun.openVpnEnv(lab);
            base.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
            base.put("FIREWALL_OUTBOUND_SUBNETS", "10.202.0.0/24");
            Path none = Files.createDirectories(lab.directory().resolve("no-hooks"));
            Path hooks = Files.createDirectories(lab.directory().resolve("hanging-hooks"));
            Files.writeString(hooks.resolve("hang.mjs"), HOOK);

            Map<String, String> without = new HashMap<>(base);
            without.put("SCRIPTS_DIR", none.toString());
            VpnBenchmark.row("server killed -> traffic through the other server, no hooks (yardstick)",
                    VpnBenchmark.deathToHealthy(lab, without, rounds));
            Map<String, String> with = new HashMap<>(base);
            with.put("SCRIPTS_DIR", hooks.toString());
            with.put("HOOK_FETCH_ALLOW", "10.202.0.0/24:8092,172.16.99.1:8082");
            VpnBenchmark.row("server killed -> traffic through the other server, every notification awaiting 2 calls "
                    + "that never answer", VpnBenchmark.deathToHealthy(lab, with, rounds));
            long calls = Files.readString(lanLog).lines().filter(l -> l.startsWith("REQUEST ")).count();
            System.out.println();
            System.out.println("Calls that reached the LAN receiver and were never answered: " + calls + ".");
        }
    }
}
