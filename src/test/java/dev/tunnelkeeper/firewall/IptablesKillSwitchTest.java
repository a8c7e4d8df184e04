package dev.tunnelkeeper.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.vpn.Endpoint;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IptablesKillSwitchTest {
    private static final Endpoint ONE = new Endpoint("203.0.113.7", 1194, Protocol.UDP);
    private static final Endpoint TWO = new Endpoint("198.51.100.9", 443, Protocol.TCP);

    private final ScriptedRunner runner = new ScriptedRunner();
    private final FirewallSettings settings = new FirewallSettings(true, List.of(), List.of(), List.of(51413));
    private final IptablesKillSwitch killSwitch = new IptablesKillSwitch(settings, RulePlanTest.DOCKER,
            new IptablesRestore(runner, FirewallCommands.DEFAULTS), true);

    private String expected(IpFamily family, FirewallState state) {
        RulePlan plan = new RulePlan(settings, RulePlanTest.DOCKER, state);
        return (family == IpFamily.IPV4 ? plan.ipv4() : plan.ipv6()).restoreInput();
    }

    @Test
    void enableReplacesBothTablesWithTheInitialPlan() throws Exception {
        killSwitch.enable();

        assertEquals(List.of(List.of("iptables-restore", "-w", "5"), List.of("ip6tables-restore", "-w", "5")),
                runner.restores().stream().map(ScriptedRunner.Call::command).toList());
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL), runner.lastInput(IpFamily.IPV4));
        assertEquals(expected(IpFamily.IPV6, FirewallState.INITIAL), runner.lastInput(IpFamily.IPV6));
    }

    @Test
    void anEndpointSwapIsOneIpv4TransactionWithOnlyTheNewEndpoint() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        int before = runner.restores().size();

        killSwitch.allowEndpoint(TWO);

        List<ScriptedRunner.Call> swap = runner.restores().subList(before, runner.restores().size());
        assertEquals(1, swap.size(), "IPv6 rules do not depend on the endpoint: not rewritten");
        String text = swap.get(0).stdin();
        assertTrue(text.contains("-A OUTPUT -d 198.51.100.9/32 -o eth0 -p tcp -m tcp --dport 443 -j ACCEPT"), text);
        assertTrue(!text.contains("203.0.113.7"), text);
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL.withEndpoint(TWO)), text);
    }

    @Test
    void tunnelUpAndDownRewriteBothFamilies() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);

        killSwitch.tunnelUp("tun0");
        FirewallState up = FirewallState.INITIAL.withEndpoint(ONE).withTunnelUp("tun0");
        assertEquals(expected(IpFamily.IPV4, up), runner.lastInput(IpFamily.IPV4));
        assertEquals(expected(IpFamily.IPV6, up), runner.lastInput(IpFamily.IPV6));

        killSwitch.tunnelDown("tun0");
        FirewallState down = up.withTunnelDown();
        assertEquals(expected(IpFamily.IPV4, down), runner.lastInput(IpFamily.IPV4));
        assertEquals(expected(IpFamily.IPV6, down), runner.lastInput(IpFamily.IPV6));
        assertEquals(down, killSwitch.plan().state());
    }

    @Test
    void aFailedRestoreNamesTheCommandAndItsOutputAndKeepsThePreviousState() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        runner.failing = "iptables-restore";

        FirewallException e = assertThrows(FirewallException.class, () -> killSwitch.allowEndpoint(TWO));

        assertEquals("`iptables-restore -w 5` exited with status 4: iptables-restore v1.8.9 (nf_tables): "
                + "Could not fetch rule set generation id; the rules in place are unchanged", e.getMessage());
        assertEquals(Optional.of(ONE), killSwitch.plan().state().endpoint());
    }

    @Test
    void whenIpv6FailsTheIpv4ChangeIsPutBack() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        runner.failing = "ip6tables-restore";

        FirewallException e = assertThrows(FirewallException.class, () -> killSwitch.tunnelUp("tun0"));

        assertTrue(e.getMessage().startsWith("`ip6tables-restore -w 5` exited with status 4"), e.getMessage());
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL.withEndpoint(ONE)), runner.lastInput(IpFamily.IPV4),
                "the tunnel must not stay open in IPv4 when IPv6 could not follow");
        assertEquals(Optional.empty(), killSwitch.plan().state().tunnelInterface());
    }

    @Test
    void endpointsOtherThanIpv4AddressesAreRefusedWithoutTouchingTheRules() throws Exception {
        killSwitch.enable();
        int before = runner.calls.size();
        for (String ip : List.of("2001:db8::1", "vpn.example.com", "10.0.0.1 -j ACCEPT")) {
            FirewallException e = assertThrows(FirewallException.class,
                    () -> killSwitch.allowEndpoint(new Endpoint(ip, 1194, Protocol.UDP)));
            assertTrue(e.getMessage().contains("IPv4 endpoint addresses only"), e.getMessage());
        }
        assertEquals(before, runner.calls.size());
    }

    @Test
    void aDnsLookupOpensDnsToTheNameserversInOneIpv4TransactionAndClosesItInAnother() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        int before = runner.restores().size();
        java.net.InetSocketAddress nameserver = new java.net.InetSocketAddress("192.0.2.53", 53);

        killSwitch.dnsLookups(List.of(nameserver));
        killSwitch.dnsLookups(List.of());

        List<ScriptedRunner.Call> changes = runner.restores().subList(before, runner.restores().size());
        assertEquals(2, changes.size(), "IPv6 stays closed: not rewritten");
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL.withEndpoint(ONE).withDnsLookups(List.of(nameserver))),
                changes.get(0).stdin());
        assertTrue(changes.get(0).stdin().contains("-A OUTPUT -d 192.0.2.53/32 -o eth0 -p udp -m udp --dport 53 -j ACCEPT"));
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL.withEndpoint(ONE)), changes.get(1).stdin(), "as before");
        assertEquals(FirewallState.INITIAL.withEndpoint(ONE), killSwitch.plan().state());

        int calls = runner.calls.size();
        FirewallException e = assertThrows(FirewallException.class,
                () -> killSwitch.dnsLookups(List.of(new java.net.InetSocketAddress("2001:db8::53", 53))));
        assertTrue(e.getMessage().contains("IPv4 nameservers only"), e.getMessage());
        assertEquals(calls, runner.calls.size(), "nothing was changed");
    }

    @Test
    void theDefaultInterfaceOrAnOddNameCannotBeOpenedAsTheTunnel() throws Exception {
        killSwitch.enable();
        assertTrue(assertThrows(FirewallException.class, () -> killSwitch.tunnelUp("eth0")).getMessage()
                .contains("it is the default interface"));
        assertTrue(assertThrows(FirewallException.class, () -> killSwitch.tunnelUp("tun0 -j ACCEPT")).getMessage()
                .contains("not a plain interface name"));
    }

    @Test
    void withoutIpv6InTheKernelOnlyIptablesRuns() throws Exception {
        IptablesKillSwitch ipv4Only = new IptablesKillSwitch(settings, RulePlanTest.DOCKER,
                new IptablesRestore(runner, FirewallCommands.DEFAULTS), false);
        ipv4Only.enable();
        ipv4Only.tunnelUp("tun0");
        assertTrue(runner.restores().stream().allMatch(call -> call.name().equals("iptables-restore")));
    }

    @Test
    void rulesStillInPlaceAreOnlyReadNotRewritten() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        killSwitch.tunnelUp("tun0");
        int restores = runner.restores().size();

        assertEquals(Optional.empty(), killSwitch.restoreIfChanged());

        assertEquals(restores, runner.restores().size());
        assertEquals(List.of(List.of("iptables", "-w", "5", "-S"), List.of("ip6tables", "-w", "5", "-S")),
                runner.calls.subList(runner.calls.size() - 2, runner.calls.size()).stream().map(ScriptedRunner.Call::command).toList());
    }

    @Test
    void aTableFlushedOpenBySomeoneElseIsPutBackWithTheCurrentEndpointAndTunnel() throws Exception {
        killSwitch.enable();
        killSwitch.allowEndpoint(ONE);
        killSwitch.tunnelUp("tun0");
        runner.kernel.put("iptables", "-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n"); // iptables -P ... ACCEPT; iptables -F
        int restores = runner.restores().size();

        Optional<String> restored = killSwitch.restoreIfChanged();

        assertTrue(restored.orElseThrow().startsWith("iptables "), restored.get());
        assertTrue(restored.get().contains("missing (first: -P INPUT DROP)"), restored.get());
        assertTrue(restored.get().contains("3 rules not ours (first: -P INPUT ACCEPT)"), restored.get());
        assertEquals(restores + 1, runner.restores().size(), "only the changed family is rewritten");
        assertEquals(expected(IpFamily.IPV4, FirewallState.INITIAL.withEndpoint(ONE).withTunnelUp("tun0")),
                runner.lastInput(IpFamily.IPV4));
        assertEquals(Optional.empty(), killSwitch.restoreIfChanged(), "in place again");
    }

    @Test
    void aRuleAddedBySomeoneElseIsRemoved() throws Exception {
        killSwitch.enable();
        runner.kernel.merge("ip6tables", "-A OUTPUT -j ACCEPT\n", String::concat);

        Optional<String> restored = killSwitch.restoreIfChanged();

        assertEquals(Optional.of("ip6tables 1 rule not ours (first: -A OUTPUT -j ACCEPT)"), restored);
        assertEquals(expected(IpFamily.IPV6, FirewallState.INITIAL), runner.lastInput(IpFamily.IPV6));
    }

    @Test
    void whenTheRulesCannotBePutBackItSaysWhatWasFoundAndWhatFailed() throws Exception {
        killSwitch.enable();
        runner.kernel.put("iptables", "");
        runner.failing = "iptables-restore";

        FirewallException e = assertThrows(FirewallException.class, killSwitch::restoreIfChanged);

        assertTrue(e.getMessage().matches("iptables \\d+ rules missing \\(first: -P INPUT DROP\\).*"), e.getMessage());
        assertTrue(e.getMessage().contains("putting the kill switch's rules back failed: `iptables-restore -w 5` exited with status 4"),
                e.getMessage());
    }
}
