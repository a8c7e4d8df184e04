package dev.tunnelkeeper.vpn.wireguard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.FakeLauncher;
import dev.tunnelkeeper.process.ShortCommands;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading iproute2's report of a batch (the texts below are what `ip -4 [-force] -batch -` 6.1 printed). */
class IpBatchTest {
    private static final List<String> LINES = List.of(
            "rule del table main suppress_prefixlength 0 pref 100",
            "rule del table main suppress_prefixlength 0 pref 100",
            "route del default dev lo table 51820");

    @Test
    void eachFailureIsNamedByItsLineWithWhatIpSaid() {
        CommandResult forced = new CommandResult(List.of("ip", "-4", "-force", "-batch", "-"), 1, "", """
                RTNETLINK answers: No such file or directory
                Command failed -:1
                RTNETLINK answers: No such file or directory
                Command failed -:2
                Error: FIB table does not exist.
                Command failed -:3
                """);
        assertEquals(List.of(
                new IpBatch.Failure(LINES.get(0), "RTNETLINK answers: No such file or directory"),
                new IpBatch.Failure(LINES.get(1), "RTNETLINK answers: No such file or directory"),
                new IpBatch.Failure(LINES.get(2), "Error: FIB table does not exist.")), IpBatch.failures(LINES, forced));
    }

    @Test
    void checkStopsAtTheFirstFailureAndSaysWhichCommandItWas() {
        FakeLauncher launcher = new FakeLauncher();
        launcher.answer(c -> new CommandResult(c, 1, "", "RTNETLINK answers: Operation not permitted\nCommand failed -:2\n"));
        CommandException e = assertThrows(CommandException.class, () -> IpBatch.check(new ShortCommands(launcher),
                List.of("addr add 10.64.0.2/32 dev wg9", "link set wg9 mtu 1320 up")));
        assertEquals("`ip -4 link set wg9 mtu 1320 up` failed: RTNETLINK answers: Operation not permitted", e.getMessage());
        assertEquals(List.of("ip -4 -batch -", "  < addr add 10.64.0.2/32 dev wg9", "  < link set wg9 mtu 1320 up"),
                launcher.invocations());
    }

    @Test
    void aBatchThatFailsWithoutNamingALineIsOneFailureWithTheWholeStory() {
        CommandResult missing = new CommandResult(List.of("ip", "-4", "-batch", "-"), -1, "", "cannot run `ip`: No such file");
        List<IpBatch.Failure> failures = IpBatch.failures(LINES, missing);
        assertEquals(1, failures.size());
        assertEquals("`ip -4 -batch -` exited with status -1: cannot run `ip`: No such file", failures.getFirst().describe());
    }

    @Test
    void nothingToRunRunsNothing() throws Exception {
        FakeLauncher launcher = new FakeLauncher();
        IpBatch.check(new ShortCommands(launcher), List.of());
        assertEquals(List.of(), IpBatch.attempt(new ShortCommands(launcher), List.of()));
        assertEquals(List.of(), launcher.commands);
    }
}
