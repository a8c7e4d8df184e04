package dev.tunnelkeeper.firewall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The whole filter table of one IP family: every built-in chain drops by default, then these rules.
 * Rendered as iptables-restore input, it replaces the table in one transaction.
 */
public record RuleSet(IpFamily family, List<Rule> rules) {
    public RuleSet {
        // iptables lists chain by chain: keep that order so listing() matches what the kernel prints.
        rules = rules.stream().sorted(Comparator.comparing(Rule::chain)).toList();
    }

    /**
     * Input for iptables-restore without --noflush: the filter table is flushed and rebuilt in the same commit,
     * so the result is exactly this set whatever was there before, and no reader ever sees a half-built table.
     * We own the filter table of the container's network namespace: nobody else puts rules there (Docker's own
     * rules live in the host's namespace; its embedded DNS uses the container's nat table, which is untouched:
     * only tables named in the input are replaced). With --noflush we would have to track and delete our old rules
     * one by one, and a stale or duplicate rule could survive a crash; replacing the table cannot leave either.
     */
    public String restoreInput() {
        StringBuilder text = new StringBuilder("*filter\n");
        for (Chain chain : Chain.values()) {
            text.append(':').append(chain).append(" DROP [0:0]\n");
        }
        rules.forEach(rule -> text.append(rule.line()).append('\n'));
        return text.append("COMMIT\n").toString();
    }

    /** The lines {@code iptables -S} (or {@code ip6tables -S}) prints once this set is in place. */
    public List<String> listing() {
        List<String> lines = new ArrayList<>();
        for (Chain chain : Chain.values()) {
            lines.add("-P " + chain + " DROP");
        }
        rules.forEach(rule -> lines.add(rule.line()));
        return lines;
    }
}
