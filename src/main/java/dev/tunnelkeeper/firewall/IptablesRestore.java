package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.util.ArrayList;
import java.util.List;

/** Puts a rule set in place with iptables-restore (or ip6tables-restore): one transaction, all or nothing. */
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
        CommandResult result = runner.run(command, rules.restoreInput(), commands.timeout());
        if (!result.succeeded()) {
            throw new FirewallException(result.describe());
        }
    }
}
