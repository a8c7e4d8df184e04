package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands the kill switch runs, as argument lists so a test can point one at a broken binary or run them all
 * inside a network namespace ({@link #prefixedWith}).
 *
 * @param timeout how long one command may take before it is killed and the change counts as failed
 */
public record FirewallCommands(List<String> iptablesRestore, List<String> ip6tablesRestore, List<String> iptables,
                               List<String> ip6tables, List<String> ip, Duration timeout) {
    /** From PATH, 10 s each: iptables-restore usually takes about 10 ms. */
    public static final FirewallCommands DEFAULTS = new FirewallCommands(List.of("iptables-restore"),
            List.of("ip6tables-restore"), List.of("iptables"), List.of("ip6tables"), List.of("ip"), Duration.ofSeconds(10));

    public FirewallCommands {
        iptablesRestore = List.copyOf(iptablesRestore);
        ip6tablesRestore = List.copyOf(ip6tablesRestore);
        iptables = List.copyOf(iptables);
        ip6tables = List.copyOf(ip6tables);
        ip = List.copyOf(ip);
    }

    public List<String> restore(IpFamily family) {
        return family == IpFamily.IPV4 ? iptablesRestore : ip6tablesRestore;
    }

    /** iptables or ip6tables itself, which lists the rules in place ({@code -S}). */
    public List<String> list(IpFamily family) {
        return family == IpFamily.IPV4 ? iptables : ip6tables;
    }

    /** Each command preceded by {@code prefix}, such as {@code ip netns exec NAME}. */
    public FirewallCommands prefixedWith(List<String> prefix) {
        return new FirewallCommands(join(prefix, iptablesRestore), join(prefix, ip6tablesRestore), join(prefix, iptables),
                join(prefix, ip6tables), join(prefix, ip), timeout);
    }

    public FirewallCommands withRestore(IpFamily family, List<String> command) {
        return family == IpFamily.IPV4
                ? new FirewallCommands(command, ip6tablesRestore, iptables, ip6tables, ip, timeout)
                : new FirewallCommands(iptablesRestore, command, iptables, ip6tables, ip, timeout);
    }

    public FirewallCommands withTimeout(Duration limit) {
        return new FirewallCommands(iptablesRestore, ip6tablesRestore, iptables, ip6tables, ip, limit);
    }

    /** Runs one of these commands within {@link #timeout()}; one that cannot run or finish in time fails the change. */
    CommandResult run(CommandRunner runner, List<String> command, String stdin) throws FirewallException {
        try {
            return runner.run(command, stdin, timeout);
        } catch (CommandException e) {
            throw new FirewallException(e.getMessage(), e);
        }
    }

    private static List<String> join(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
