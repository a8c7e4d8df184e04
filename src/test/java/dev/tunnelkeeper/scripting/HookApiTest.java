package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.NextServer;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.vpn.VpnEvents;
import static dev.tunnelkeeper.scripting.HookTesting.candidates;
import static dev.tunnelkeeper.scripting.HookTesting.failedCheck;
import static dev.tunnelkeeper.scripting.HookTesting.module;
import static dev.tunnelkeeper.scripting.HookTesting.running;
import static dev.tunnelkeeper.scripting.HookTesting.selection;
import static dev.tunnelkeeper.scripting.HookTesting.windowElapsed;
import static dev.tunnelkeeper.scripting.HookTesting.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.health.CheckResult;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.servers.OrderedSelector;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.Connection;
import dev.tunnelkeeper.vpn.VpnEvent;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each hook of API v1 through real GraalJS: what it sees, what its answers do, how several files combine. */
class HookApiTest {
    @TempDir
    Path dir;
    private final VirtualScheduler time = new VirtualScheduler();
    private ScriptHost host;

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private ScriptHost load(String file, String body) {
        write(dir, file, module(body));
        host = HookTesting.host(dir, time);
        host.scanNow();
        return host;
    }

    @Test
    void onHealthCheckFailedCanRestartNowAndSeesTheWholeEvent() {
        load("heal.mjs", """
                export function onHealthCheckFailed(e) {
                  if (e.consecutiveFailures < 2) return undefined;
                  return { action: "restart", reason: [e.trigger, e.errorKind, e.error, e.consecutiveFailures,
                    e.unhealthyForMs, e.windowMs, e.windowElapsedMs, e.restarts, e.lastRestartAt, e.server, e.vpnState,
                    e.now === tk.now()].join("|") };
                }
                """);
        HealPolicy policy = host.healPolicy(() -> running("se-1", time.now()));
        HealDecision first = policy.decide(failedCheck(time.now(), 1));
        assertTrue(first.builtIn(), "no answer: the built-in decides");
        assertEquals(HealDecision.Action.WAIT, first.action());
        HealDecision second = policy.decide(failedCheck(time.now(), 2));
        assertEquals(HealDecision.Action.RESTART, second.action());
        assertEquals("heal.mjs", second.decidedBy());
        assertEquals("check-failed|timeout|dial tcp 10.0.0.1:443: i/o timeout|2|6000|6000|3000|0||se-1|running|true",
                second.reason());
    }

    @Test
    void waitAtTheWindowsEndIsTheHooksToGive() {
        load("heal.mjs", """
                export function onHealthCheckFailed(e) {
                  return e.trigger === "window-elapsed" ? { action: "wait", reason: "not yet" } : undefined;
                }
                """);
        HealDecision d = host.healPolicy(() -> running("se-1", time.now())).decide(windowElapsed(time.now()));
        assertEquals(new HealDecision(HealDecision.Action.WAIT, "not yet", "heal.mjs"), d);
    }

    @Test
    void selectServerMayNameACandidateOrReturnItOrDecline() {
        load("select.mjs", """
                let calls = 0;
                export function selectServer(candidates, e) {
                  calls++;
                  if (calls === 1) return "se-3";
                  if (calls === 2) return candidates[1];
                  if (calls === 3) return { name: "se-1", reason: "why not" };
                  return undefined;
                }
                """);
        var selector = host.serverSelector(new OrderedSelector());
        List<Candidate> list = candidates("se-1", "se-2", "se-3");
        assertEquals("se-3", name(selector.select(list, selection(time.now()))));
        assertEquals("se-2", name(selector.select(list, selection(time.now()))));
        assertEquals("se-1", name(selector.select(list, selection(time.now()))));
        assertEquals("se-1", name(selector.select(list, selection(time.now()))), "declined: the built-in (ordered) picks");
    }

    @Test
    void selectServerSeesTheCandidatesWithTheirHistories() {
        load("select.mjs", """
                export function selectServer(candidates, e) {
                  const c = candidates[0];
                  tk.log(JSON.stringify({ n: candidates.length, name: c.name, country: c.country, region: c.region,
                    ips: c.ips, coolingDown: c.coolingDown, chosen: c.history.timesChosen,
                    failures: c.history.recentFailures.length, previous: e.previous, cooldownMs: e.cooldownMs }));
                }
                """);
        try (LogCapture log = new LogCapture()) {
            host.serverSelector(new OrderedSelector()).select(candidates("se-1", "se-2"), selection(time.now()));
            assertEquals(1, log.count("INFO [hooks] select.mjs: {\"n\":2,\"name\":\"se-1\",\"country\":\"Sweden\","
                    + "\"region\":\"Stockholm\",\"ips\":[\"203.0.113.1\"],\"coolingDown\":false,\"chosen\":0,\"failures\":0,"
                    + "\"previous\":null,\"cooldownMs\":300000}"), log.lines().toString());
        }
    }

    @Test
    void aSwitchWhileHealthyRestartsTowardTheNamedServer() {
        load("switch.mjs", """
                export function onHealthCheckSucceeded(e) {
                  if (e.server === "se-1" && e.candidates.length === 3) {
                    return { action: "switch", server: "se-3", reason: "prefer se-3" };
                  }
                }
                """);
        List<VpnRequest> restarts = new ArrayList<>();
        HookNotifications n = host.notifications(restarts::add, () -> running("se-1", time.now()),
                () -> candidates("se-1", "se-2", "se-3"), Duration.ofMinutes(5));
        n.onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(List.of(new VpnRequest(VpnRequest.Kind.RESTART, Cause.HOOK, "switching servers as switch.mjs asked: prefer se-3",
                Optional.of("switch.mjs"), new NextServer(Optional.of("se-3"), Optional.of("se-1")))), restarts,
                "a restart toward se-3, caused by the file");
        time.advance(Duration.ofSeconds(5));
        n.onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(1, restarts.size(), "at most one switch a minute");
        time.advance(Duration.ofMinutes(1));
        n.onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(2, restarts.size());
    }

    @Test
    void aSwitchWithoutAServerAvoidsTheCurrentOne() {
        load("switch.mjs", """
                export function onHealthCheckSucceeded(e) {
                  return { action: "switch", reason: "rotate" };
                }
                """);
        List<VpnRequest> restarts = new ArrayList<>();
        host.notifications(restarts::add, () -> running("se-1", time.now()), () -> candidates("se-1", "se-2"),
                Duration.ofMinutes(5)).onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(1, restarts.size());
        assertEquals(new NextServer(Optional.empty(), Optional.of("se-1")), restarts.getFirst().next(), "any server but se-1");
    }

    @Test
    void aSwitchIsNotActedOnUnlessTheTunnelRuns() {
        load("switch.mjs", """
                export function onHealthCheckSucceeded(e) { return { action: "switch", server: "se-2", reason: "x" }; }
                """);
        List<VpnRequest> restarts = new ArrayList<>();
        VpnStatus starting = new VpnStatus(VpnState.STARTING, "", time.now(), Optional.empty());
        host.notifications(restarts::add, () -> starting,
                () -> candidates("se-1", "se-2"), Duration.ofMinutes(5))
                .onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        assertEquals(List.of(), restarts);
    }

    @Test
    void onHealthyAndOnRestartAreToldAndTheirAnswersIgnored() {
        load("notes.mjs", """
                const seen = [];
                export function onHealthy(e) { seen.push("healthy after " + e.unhealthyForMs + " on " + e.server); return 42; }
                export function onRestart(e) { seen.push("restart " + e.from + " " + e.previous + "->" + e.server + ": " + e.reason); }
                export function onHealthCheckFailed(e) { return { action: "wait", reason: seen.join("; ") }; }
                """);
        HookNotifications n = host.notifications(request -> { },
                () -> running("se-1", time.now()), () -> candidates("se-1"), Duration.ofMinutes(5));
        Instant t0 = time.now();
        n.onVpnEvent(VpnEvents.event(VpnState.STOPPED, VpnState.STARTING, "start requested", t0, Optional.of(connection("se-1"))));
        time.advance(Duration.ofSeconds(3));
        n.onCheckResult(CheckResult.failure(t0.plusSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3), "x", dev.tunnelkeeper.health.ErrorKind.TIMEOUT));
        time.advance(Duration.ofSeconds(1));
        n.onCheckResult(CheckResult.success(t0.plusSeconds(4), Duration.ofMillis(20), Duration.ofSeconds(3)));
        time.advance(Duration.ofSeconds(5));
        n.onCheckResult(CheckResult.success(t0.plusSeconds(9), Duration.ofMillis(20), Duration.ofSeconds(3)));
        time.advance(Duration.ofSeconds(11));
        n.onVpnEvent(VpnEvents.event(VpnState.STOPPING, VpnState.STARTING, "restart: unhealthy for 6s", t0.plusSeconds(20),
                Optional.of(connection("se-2"))));
        HealDecision d = host.healPolicy(() -> running("se-2", time.now())).decide(failedCheck(time.now(), 1));
        assertEquals("healthy after 4000 on se-1; restart stopping se-1->se-2: restart: unhealthy for 6s", d.reason());
        assertEquals(0, host.status().get(0).errors(), "a notification's answer is ignored, not an error");
    }

    @Test
    void theDurationsHooksAreToldAreMonotonicAcrossAWallClockJump() {
        write(dir, "notes.mjs", """
                export const apiVersion = 2;
                const seen = [];
                export function onHealthy(e) { seen.push("unhealthy for " + e.unhealthyForMs); }
                export function onTunnelUp(e) { seen.push("connected in " + e.connectMs); }
                export function onHealthCheckFailed(e) { return { action: "wait", reason: seen.join("; ") }; }
                """);
        host = HookTesting.host(dir, time);
        host.scanNow();
        HookNotifications n = host.notifications(request -> { }, () -> running("se-1", time.now()), () -> candidates("se-1"), Duration.ofMinutes(5));
        n.onVpnEvent(VpnEvents.event(VpnState.STOPPED, VpnState.STARTING, "start requested", time.now(), Optional.of(connection("se-1"))));
        time.advance(Duration.ofMillis(300));
        time.setWallClock(time.now().minus(Duration.ofHours(1)));
        time.advance(Duration.ofMillis(200));
        n.onVpnEvent(VpnEvents.event(VpnState.STARTING, VpnState.RUNNING, "tunnel up", time.now(), Optional.of(connection("se-1"))));
        time.setWallClock(time.now().plus(Duration.ofHours(5)));
        time.advance(Duration.ofSeconds(2));
        n.onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
        HealDecision d = host.healPolicy(() -> running("se-1", time.now())).decide(failedCheck(time.now(), 1));
        assertEquals("connected in 500; unhealthy for 2500", d.reason());
    }

    @Test
    void filesAreAskedInNameOrderAndTheFirstAnswerWins() {
        write(dir, "b-second.mjs", module("""
                export function onHealthCheckFailed(e) { return { action: "restart", reason: "b" }; }
                export function onHealthy(e) { tk.log("b told"); }
                """));
        write(dir, "a-first.mjs", module("""
                export function onHealthCheckFailed(e) { return e.consecutiveFailures === 1 ? { action: "wait", reason: "a" } : undefined; }
                export function onHealthy(e) { tk.log("a told"); }
                """));
        host = HookTesting.host(dir, time);
        host.scanNow();
        HealPolicy policy = host.healPolicy(() -> running("se-1", time.now()));
        assertEquals("a-first.mjs", policy.decide(failedCheck(time.now(), 1)).decidedBy());
        assertEquals("b-second.mjs", policy.decide(failedCheck(time.now(), 2)).decidedBy(), "a declined: b answers");
        try (LogCapture log = new LogCapture()) {
            host.notifications(request -> { }, () -> running("se-1", time.now()),
                    () -> candidates("se-1"), Duration.ofMinutes(5))
                    .onCheckResult(CheckResult.success(time.now(), Duration.ofMillis(20), Duration.ofSeconds(3)));
            assertEquals(List.of("INFO [hooks] a-first.mjs: a told", "INFO [hooks] b-second.mjs: b told"),
                    log.lines().stream().filter(l -> l.contains(" told")).toList());
        }
    }

    @Test
    void theBuiltInsAnswerUntilTheFirstScanHasLoadedTheHooks() {
        write(dir, "heal.mjs", module("export function onHealthCheckFailed(e) { return { action: \"restart\", reason: \"hook\" }; }"));
        host = HookTesting.host(dir, time);
        HealPolicy policy = host.healPolicy(() -> running("se-1", time.now()));
        host.start(); // on the (virtual) loader thread: nothing has run yet
        assertFalse(host.loaded());
        assertTrue(policy.decide(failedCheck(time.now(), 1)).builtIn());
        time.runDue();
        assertTrue(host.loaded());
        assertEquals("heal.mjs", policy.decide(failedCheck(time.now(), 1)).decidedBy());
    }

    @Test
    void consoleOutputAndTkLogGoToTheLogUnderTheFilesNameCappedPerCall() {
        load("talk.mjs", """
                export function onRestart(e) {
                  console.log("from console", 1);
                  for (let i = 0; i < 30; i++) tk.log("line", i, { i });
                }
                """);
        try (LogCapture log = new LogCapture()) {
            host.notifications(request -> { }, () -> running("se-1", time.now()),
                    () -> candidates("se-1"), Duration.ofMinutes(5)).onVpnEvent(VpnEvents.event(VpnState.CRASHED,
                    VpnState.STARTING, "retry", time.now(), Optional.of(connection("se-1"))));
            assertEquals(1, log.count("INFO [hooks] talk.mjs: from console 1"), log.lines().toString());
            assertEquals(1, log.count("INFO [hooks] talk.mjs: line 0 {\"i\":0}"), log.lines().toString());
            assertEquals(19, log.count("INFO [hooks] talk.mjs: line "), "20 lines a call, console's included");
            assertEquals(1, log.count("talk.mjs: (more lines dropped: at most 20 per call)"));
        }
    }

    @Test
    void theStatusListsEachFileWithItsExportsAndCounters() {
        load("heal.mjs", "export function onHealthCheckFailed(e) {}\nexport function onRestart(e) {}\n");
        host.healPolicy(() -> running("se-1", time.now())).decide(failedCheck(time.now(), 1));
        HookFileStatus s = host.status().get(0);
        assertEquals("heal.mjs", s.file());
        assertEquals(HookFileStatus.State.ACTIVE, s.state());
        assertEquals(List.of("onHealthCheckFailed", "onRestart"), s.exports());
        assertEquals(1, s.calls());
        assertEquals(0, s.errors());
        assertEquals(Optional.of(time.now()), s.loadedAt());
    }

    private static String name(Optional<Candidate> c) {
        return c.orElseThrow().server().name();
    }

    private static Connection connection(String name) {
        return running(name, Instant.EPOCH).connection().orElseThrow();
    }
}
