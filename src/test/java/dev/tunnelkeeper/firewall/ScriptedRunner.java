package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake {@link CommandRunner}: records each command with its stdin and answers like iproute2 and
 * iptables-restore would; can be told to fail the restore of one family. {@code iptables -S} lists what the last
 * restore put in place, unless a test changed the "kernel" behind the kill switch's back ({@link #kernel}).
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
    /** What {@code iptables -S} / {@code ip6tables -S} print now, by tool name; each restore replaces its entry. */
    final Map<String, String> kernel = new HashMap<>();

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
        if (name.endsWith("restore")) {
            kernel.put(name.replace("-restore", ""), listingOf(stdin));
        } else if (command.contains("-S")) {
            return new CommandResult(command, 0, kernel.getOrDefault(name, ""), "");
        }
        return new CommandResult(command, 0, "", "");
    }

    // What the kernel lists after this restore input: ":CHAIN DROP [0:0]" is listed as "-P CHAIN DROP".
    private static String listingOf(String restoreInput) {
        StringBuilder listing = new StringBuilder();
        restoreInput.lines().forEach(line -> {
            if (line.startsWith(":")) {
                String[] words = line.substring(1).split(" ");
                listing.append("-P ").append(words[0]).append(' ').append(words[1]).append('\n');
            } else if (line.startsWith("-")) {
                listing.append(line).append('\n');
            }
        });
        return listing.toString();
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
