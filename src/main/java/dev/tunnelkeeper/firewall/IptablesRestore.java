package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts a rule set in place with iptables-restore (or ip6tables-restore): one transaction, all or nothing; and reads
 * back what is in place with {@code iptables -S}.
 */
public final class IptablesRestore {
    // Waits up to 5 s for the xtables lock where the legacy backend uses one; nf_tables ignores it.
    private static final List<String> WAIT_FOR_LOCK = List.of("-w", "5");

    private final CommandRunner runner;
    private final FirewallCommands commands;

    public IptablesRestore(CommandRunner runner, FirewallCommands commands) {
        this.runner = runner;
        this.commands = commands;
    }

    public void apply(RuleSet rules) throws FirewallException {
        List<String> command = new ArrayList<>(commands.restore(rules.family()));
        command.addAll(WAIT_FOR_LOCK);
        CommandResult result = commands.run(runner, command, rules.restoreInput());
        if (!result.succeeded()) {
            throw new FirewallException(result.describe());
        }
    }

    /** The filter table's rules in place now, as {@code iptables -S} prints them (compare {@link RuleSet#listing()}). */
    public List<String> inPlace(IpFamily family) throws FirewallException {
        List<String> command = new ArrayList<>(commands.list(family));
        command.addAll(WAIT_FOR_LOCK);
        command.add("-S");
        CommandResult result = commands.run(runner, command, "");
        if (!result.succeeded()) {
            throw new FirewallException(result.describe());
        }
        return result.stdout().lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
