package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.HookReceiverServer;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.lab.LeakCounters;
import dev.tunnelkeeper.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hooks that call out, with the real product in the lab: a receiver on the LAN side (the router's 10.202.0.1, in
 * FIREWALL_OUTBOUND_SUBNETS) and one behind the tunnel (172.16.99.1 in each server's namespace, reachable only through
 * a tunnel), plus one behind the tunnel that never answers. The server in use is killed: "down" reaches the LAN at
 * once and the tunnel's receiver after the heal, through the new server, once each; "up" follows once. Calls to a
 * host not granted, to the control API (by a granted name that resolves to loopback) and to 169.254.169.254 are
 * refused with a clear error, and the client's own counters see no packet of them.
 */
@Tag("lab")
class HookFetchLabTest {
    private static final Duration UP = Duration.ofSeconds(30);
    private static final String LAN = "10.202.0.1"; // the router, on server 2's link: an outbound subnet
    private static final String BEHIND = "172.16.99.1";
    private static final String SECRET = "lab-s3cret-value";
    private static final String KEY = "hook-lab-key";

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    private static final String HOOK = """
            export const apiVersion = 2;
            let ups = 0;
            const post = (url, body, more) => tk.fetch(url, { method: "POST", body,
              headers: { "X-Token": tk.secret("LABTOKEN") }, ...(more ?? {}) });
            let thrown = false;
            export function onHealthCheckSucceeded(e) {
              if (!thrown) { thrown = true; tk.log("the token is", tk.secret("LABTOKEN")); throw new Error("token " + tk.secret("LABTOKEN")); }
            }
            const told = (results) => results.map((r) => r.status === "fulfilled" ? r.value.status : r.reason.message)
              .join(" | ");
            export async function onTunnelUp(e) {
              ups++;
              const body = { event: "up", n: ups, at: e.now, server: e.server };
              tk.log("up told:", told(await Promise.allSettled([post("http://10.202.0.1:8090/up", body),
                post("http://172.16.99.1:8081/up", body)])));
            }
            export async function onTunnelDown(e) {
              const body = { event: "down", at: e.now, cause: e.cause, server: e.server };
              tk.log("down told:", told(await Promise.allSettled([post("http://10.202.0.1:8090/down", body),
                post("http://172.16.99.1:8081/down", body),
                post("http://172.16.99.1:8082/hang", body, { timeoutMs: 30000 })])));
            }
            export async function onRestart(e) {
              for (const url of ["http://10.201.0.1:80/", "http://localhost:8111/v1/vpn/status",
                                 "http://169.254.169.254/latest/meta-data/"]) {
                try { await tk.fetch(url); tk.log("SENT", url); } catch (err) { tk.log("refused:", err.message); }
              }
            }
            """;

    @Test
    void aKilledServerIsToldOnceToEachReceiverAndRefusedCallsSendNothing() throws Exception {
        try (Lab lab = Lab.start(2)) {
            Path lanLog = lab.directory().resolve("receiver-lan.log");
            lab.startHelper(lab.routerNamespace(), HookReceiverServer.class, lanLog, LAN, "8090", "answer");
            List<Path> behind = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                Path log = lab.directory().resolve("receiver-s" + i + ".log");
                lab.startHelper(lab.serverNamespace(i), HookReceiverServer.class, log, BEHIND, "8081", "answer");
                lab.startHelper(lab.serverNamespace(i), HookReceiverServer.class,
                        lab.directory().resolve("hanging-s" + i + ".log"), BEHIND, "8082", "hang");
                behind.add(log);
            }
            Map<String, String> rules = new LinkedHashMap<>();
            rules.put("HOOK-LAN", "-d " + LAN + " -p tcp --dport 8090 --syn");
            rules.put("HOOK-ROUTER", "-d 10.201.0.1 -p tcp --dport 80");
            rules.put("HOOK-CONTROL", "-o lo -p tcp --dport 8111 --syn");
            rules.put("HOOK-META", "-d 169.254.169.254");
            LeakCounters counters = LeakCounters.destinations(lab, rules);

            Path scripts = Files.createDirectories(lab.directory().resolve("scripts"));
            Files.writeString(scripts.resolve("notify.mjs"), HOOK);
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
            env.put("SCRIPTS_DIR", scripts.toString());
            env.put("HEALTH_SUCCESS_WAIT_DURATION", "1s");
            env.put("FIREWALL_OUTBOUND_SUBNETS", "10.202.0.0/24");
            env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8111");
            env.put("HOOK_FETCH_ALLOW", "10.202.0.0/24:8090,172.16.99.1:8081,172.16.99.1:8082,localhost:8111");
            env.put("HOOK_SECRET_LABTOKEN", SECRET);
            env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
            try (ProductRun tk = ProductRun.start(lab, env)) {
                tk.await("INFO [healthcheck] healthy!", 1, UP);
                tk.await("hook file(s) of", 1, UP);
                String first = tk.connects().get(tk.connects().size() - 1);
                int killed = Integer.parseInt(first.substring(1));
                int other = 3 - killed;
                int connectsBefore = tk.connects().size();
                long killedAt = System.currentTimeMillis();
                lab.stopOpenVpnServer(killed);
                assertTrue(Poll.until(Duration.ofSeconds(60), () -> tk.connects().size() > connectsBefore), tk.log());
                tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(60));
                // "up" after the heal reaches both receivers, the tunnel's through the other server
                assertTrue(Poll.until(UP, () -> requests(lanLog, "/up", killedAt).size() == 1
                        && requests(behind.get(other - 1), "/up", killedAt).size() == 1), tk.log());
                assertTrue(Poll.until(UP, () -> requests(behind.get(other - 1), "/down", 0).size() == 1), tk.log());
                assertTrue(Poll.until(UP, () -> tk.log().contains("refused: tk.fetch refused GET http://169.254.169.254")),
                        tk.log());
                Thread.sleep(3_000); // nothing more may arrive: each notice exactly once

                List<String[]> lanDown = requests(lanLog, "/down", 0);
                List<String[]> tunnelDown = requests(behind.get(other - 1), "/down", 0);
                assertEquals(1, lanDown.size(), read(lanLog));
                assertEquals(1, tunnelDown.size(), read(behind.get(other - 1)));
                assertEquals(0, requests(behind.get(killed - 1), "/down", 0).size(), "nothing crossed the dead tunnel");
                assertEquals(1, requests(lanLog, "/up", killedAt).size(), read(lanLog));
                assertEquals(1, requests(behind.get(other - 1), "/up", killedAt).size(), read(behind.get(other - 1)));
                long lanDownAt = Long.parseLong(lanDown.get(0)[1]);
                long tunnelDownAt = Long.parseLong(tunnelDown.get(0)[1]);
                long lanUpAt = Long.parseLong(requests(lanLog, "/up", killedAt).get(0)[1]);
                assertTrue(lanDownAt < lanUpAt, "the LAN heard of the outage before the tunnel was back");
                assertTrue(tunnelDownAt >= lanDownAt, "the tunnel's receiver only after the heal");
                // both carry the time of the event, and the same one
                assertEquals(lanDown.get(0)[4], tunnelDown.get(0)[4]);
                assertTrue(lanDown.get(0)[4].contains("\"cause\":\"tunnel-lost\"")
                        || lanDown.get(0)[4].contains("\"cause\":\"heal-window\""), lanDown.get(0)[4]);
                // the receiver that never answers got its call, and the heal went on regardless
                assertTrue(read(lab.directory().resolve("hanging-s" + other + ".log")).contains("REQUEST "),
                        "the hanging receiver was called");

                String log = tk.log();
                assertTrue(log.contains("refused: tk.fetch refused GET http://10.201.0.1:80/: 10.201.0.1:80 is not in "
                        + "HOOK_FETCH_ALLOW"), log);
                assertTrue(log.contains("refused: tk.fetch refused GET http://localhost:8111/v1/vpn/status: localhost "
                        + "resolves to 127.0.0.1, a loopback address (this machine): refused, and no setting allows it"), log);
                assertTrue(log.contains("refused: tk.fetch refused GET http://169.254.169.254/latest/meta-data/: "
                        + "169.254.169.254 is a link-local address (169.254.0.0/16, where cloud metadata services answer): "
                        + "no setting allows it"), log);
                assertEquals(0, count(log, "INFO [hooks] notify.mjs: SENT"), log);
                assertEquals(0, counters.packets("HOOK-ROUTER"), "no packet to the host not granted");
                assertEquals(0, counters.packets("HOOK-CONTROL"), "no packet to the control API");
                assertEquals(0, counters.packets("HOOK-META"), "no packet to the metadata address");
                // the LAN's down and up (the first tunnel-up may come before the hooks are loaded)
                assertTrue(counters.packets("HOOK-LAN") >= 2, "the counters see the hook's own calls: "
                        + lab.exec(lab.clientNamespace(), "iptables", "-t", "mangle", "-L", "-v", "-n", "-x"));

                // (after the counters: these requests go to the control API themselves)
                // the secret reached the receivers, and nothing the product shows carries it
                assertTrue(read(lanLog).contains("X-Token: " + SECRET), "the receiver got the secret: " + read(lanLog));
                assertTrue(tk.log().contains("notify.mjs: the token is [HOOK_SECRET_LABTOKEN]"), log);
                assertTrue(tk.log().contains("onHealthCheckSucceeded: threw Error: token [HOOK_SECRET_LABTOKEN]"), log);
                String hooks = control(lab, "/v1/hooks");
                assertTrue(hooks.contains("[HOOK_SECRET_LABTOKEN]"), hooks);
                String page = control(lab, "/");
                String metrics = control(lab, "/observe/metrics");
                for (String shown : List.of(tk.log(), hooks, page, metrics)) {
                    assertFalse(shown.contains(SECRET), "the secret is never shown:\n" + shown);
                }
                // hook calls and fetches are counted
                assertTrue(sample(metrics, "tunnelkeeper_hook_calls_total{hook=\"onTunnelDown\",outcome=\"ok\"}") >= 1, metrics);
                assertTrue(sample(metrics, "tunnelkeeper_hook_calls_total{hook=\"onHealthCheckSucceeded\",outcome=\"error\"}")
                        >= 1, metrics);
                assertTrue(sample(metrics, "tunnelkeeper_hook_fetches_total{outcome=\"refused\"}") >= 3, metrics);
                assertTrue(sample(metrics, "tunnelkeeper_hook_fetches_total{outcome=\"ok\"}") >= 4, metrics);
            }
        }
    }

    private static String control(Lab lab, String path) {
        NamespaceHttp.Answer a = NamespaceHttp.call(lab, lab.clientNamespace(), "GET", "http://127.0.0.1:8111" + path, null,
                Map.of("X-API-Key", KEY));
        assertEquals(200, a.status(), path + ": " + a.body());
        return a.body();
    }

    private static double sample(String metrics, String series) {
        return metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip())).orElse(-1.0);
    }

    // REQUEST <ms> <method> <path> <body>, for the path, at or after `since`
    private static List<String[]> requests(Path log, String path, long since) {
        return read(log).lines().filter(l -> l.startsWith("REQUEST "))
                .map(l -> l.split(" ", 5))
                .filter(f -> f.length == 5 && f[3].equals(path) && Long.parseLong(f[1]) >= since)
                .toList();
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long count(String text, String needle) {
        return text.lines().filter(l -> l.contains(needle)).count();
    }
}
