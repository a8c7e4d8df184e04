package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The watch against the real kill switch over a scripted iptables, in virtual time. */
class KillSwitchWatchTest {
    private static final String FLUSHED_OPEN = "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n";

    private final VirtualScheduler time = new VirtualScheduler();
    private final ScriptedRunner runner = new ScriptedRunner();
    private final IptablesKillSwitch killSwitch = new IptablesKillSwitch(FirewallSettings.DEFAULTS, RulePlanTest.DOCKER,
            new IptablesRestore(runner, FirewallCommands.DEFAULTS), true);
    private final List<String> vpnCalls = new ArrayList<>();
    private final KillSwitchWatch watch = new KillSwitchWatch(time, killSwitch, KillSwitchWatch.EVERY, new KillSwitchWatch.Vpn() {
        @Override
        public void stop(String reason) {
            vpnCalls.add("stop: " + reason);
        }

        @Override
        public void start() {
            vpnCalls.add("start");
        }
    });
    private LogCapture log;

    @BeforeEach
    void enable() throws Exception {
        killSwitch.enable();
        log = new LogCapture();
        watch.start();
    }

    @AfterEach
    void close() {
        watch.close();
        log.close();
    }

    @Test
    void aFlushIsRepairedAtTheNextCheckAndLoggedOnce() {
        time.advance(Duration.ofSeconds(12));
        assertEquals(0, log.count("changed by something else"), "nothing changed yet");
        int restores = runner.restores().size();

        runner.kernel.put("iptables", FLUSHED_OPEN);
        time.advance(Duration.ofMillis(2_999)); // the next check is at 15 s
        assertEquals(restores, runner.restores().size());
        time.advance(Duration.ofMillis(1));

        assertEquals(restores + 1, runner.restores().size());
        assertEquals(killSwitch.plan().ipv4().restoreInput(), runner.lastInput(IpFamily.IPV4));
        assertEquals(1, log.count("WARN [firewall] the kill switch's rules were changed by something else (iptables "), log.lines().toString());
        time.advance(Duration.ofSeconds(30));
        assertEquals(1, log.count("changed by something else"), "repaired once, quiet after");
        assertEquals(List.of(), vpnCalls, "a repair needs no VPN stop");
    }

    @Test
    void rulesThatCannotBePutBackStopTheVpnOnceAndItStartsAgainWhenTheyAreBack() {
        runner.kernel.put("iptables", FLUSHED_OPEN);
        runner.failing = "iptables-restore";

        time.advance(Duration.ofSeconds(5));
        assertEquals(List.of("stop: " + KillSwitchWatch.STOP_REASON), vpnCalls);
        assertEquals(1, log.count("ERROR [firewall] the kill switch's rules were changed by something else and cannot be put back"),
                log.lines().toString());

        time.advance(Duration.ofSeconds(20));
        assertEquals(1, vpnCalls.size(), "stopped once, not on every failed check");
        assertEquals(1, log.count("ERROR [firewall]"));

        runner.failing = "";
        time.advance(Duration.ofSeconds(5));
        assertEquals(List.of("stop: " + KillSwitchWatch.STOP_REASON, "start"), vpnCalls);
        assertEquals(killSwitch.plan().ipv4().listing(), List.of(runner.kernel.get("iptables").split("\n")));
        time.advance(Duration.ofSeconds(20));
        assertEquals(2, vpnCalls.size());
    }

    @Test
    void afterCloseNothingIsChecked() {
        watch.close();
        int calls = runner.calls.size();
        time.advance(Duration.ofMinutes(1));
        assertEquals(calls, runner.calls.size());
        assertEquals(0, time.pending());
    }
}
