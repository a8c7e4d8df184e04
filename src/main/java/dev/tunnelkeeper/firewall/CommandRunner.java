package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.time.Duration;
import java.util.List;

/** Runs one command to completion; the seam where unit tests look at the text given to iptables-restore. */
@FunctionalInterface
public interface CommandRunner {
    /**
     * @param stdin written to the command's standard input, then closed
     * @return the exit code and output, whatever the exit code
     * @throws FirewallException when the command cannot be started or does not finish in time (it is then killed)
     */
    CommandResult run(List<String> command, String stdin, Duration timeout) throws FirewallException;
}
