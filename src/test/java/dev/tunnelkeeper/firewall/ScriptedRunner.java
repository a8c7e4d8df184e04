package dev.tunnelkeeper.firewall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake {@link CommandRunner}: records each command with its stdin and answers like iproute2 and
 * iptables-restore would; can be told to fail the restore of one family.
 */
final class ScriptedRunner implements CommandRunner {
    record Call(List<String> command, String stdin) {
        String name() {
            return command.get(0);
        }
    }

    static final String DOCKER_ROUTES = """
            [{"dst":"default","gateway":"172.17.0.1","dev":"eth0","flags":[]}]""";
    static final String DOCKER_ADDRESSES = """
            [{"ifindex":1,"ifname":"lo","flags":["LOOPBACK","UP","LOWER_UP"],"addr_info":[{"family":"inet","local":"127.0.0.1","prefixlen":8}]},
             {"ifindex":9,"ifname":"eth0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"addr_info":[{"family":"inet","local":"172.17.0.2","prefixlen":16}]}]""";

    final List<Call> calls = new ArrayList<>();
    String routes = DOCKER_ROUTES;
    String addresses = DOCKER_ADDRESSES;
    String failing = ""; // "iptables-restore" or "ip6tables-restore"

    @Override
    public CommandResult run(List<String> command, String stdin, Duration timeout) {
        calls.add(new Call(command, stdin));
        String name = command.get(0);
        if (name.equals(failing)) {
            return new CommandResult(command, 4, "", name + " v1.8.9 (nf_tables): Could not fetch rule set generation id\n");
        }
        if (name.equals("ip")) {
            return new CommandResult(command, 0, command.contains("route") ? routes : addresses, "");
        }
        return new CommandResult(command, 0, "", "");
    }

    List<Call> restores() {
        return calls.stream().filter(call -> call.name().endsWith("restore")).toList();
    }

    /** The text last given to this family's restore command. */
    String lastInput(IpFamily family) {
        String name = family == IpFamily.IPV4 ? "iptables-restore" : "ip6tables-restore";
        return restores().stream().filter(call -> call.name().equals(name)).reduce((a, b) -> b).map(Call::stdin).orElse("");
    }
}
