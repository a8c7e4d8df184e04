package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.process.CommandException;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.process.OsProcessLauncher;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.FirewallSettings;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real executor against stand-in binaries: no root needed. */
class IptablesRestoreTest {
    private static final RuleSet RULES =
            new RulePlan(FirewallSettings.DEFAULTS, RulePlanTest.DOCKER, FirewallState.INITIAL).ipv4();

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwx------"));
        return path;
    }

    private IptablesRestore restoreWith(Path binary, Duration timeout) {
        FirewallCommands commands = FirewallCommands.DEFAULTS.withRestore(IpFamily.IPV4, List.of(binary.toString()))
                .withTimeout(timeout);
        return new IptablesRestore(new OsProcessLauncher(), commands);
    }

    @Test
    void theRulesGoToStdinWithTheLockWaitFlag() throws Exception {
        Path received = dir.resolve("received");
        Path binary = script("iptables-restore", "echo \"$@\" > " + received + ".args; cat > " + received);

        restoreWith(binary, Duration.ofSeconds(5)).apply(RULES);

        assertEquals(RULES.restoreInput(), Files.readString(received));
        assertEquals("-w 5\n", Files.readString(Path.of(received + ".args")));
    }

    @Test
    void aBrokenBinaryIsAFailureNamingTheCommandAndItsStderr() throws Exception {
        Path binary = script("iptables-restore", "cat > /dev/null; echo 'iptables-restore: broken on purpose' >&2;"
                + " echo 'Error occurred at line: 1' >&2; exit 2");

        FirewallException e = assertThrows(FirewallException.class, () -> restoreWith(binary, Duration.ofSeconds(5)).apply(RULES));

        assertEquals("`" + binary + " -w 5` exited with status 2: iptables-restore: broken on purpose | Error occurred at line: 1",
                e.getMessage());
    }

    @Test
    void aMissingBinaryIsAFailureNamingIt() {
        Path binary = dir.resolve("no-such-iptables-restore");

        FirewallException e = assertThrows(FirewallException.class, () -> restoreWith(binary, Duration.ofSeconds(5)).apply(RULES));

        assertTrue(e.getMessage().startsWith("cannot run `" + binary + " -w 5`: Cannot run program"), e.getMessage());
    }

    @Test
    void aHangingBinaryIsKilledAtTheTimeLimit() throws Exception {
        Path binary = script("iptables-restore", "echo stuck >&2; exec sleep 30");
        long started = System.nanoTime();

        FirewallException e = assertThrows(FirewallException.class,
                () -> restoreWith(binary, Duration.ofMillis(300)).apply(RULES));

        long ms = (System.nanoTime() - started) / 1_000_000;
        assertTrue(e.getMessage().startsWith("`" + binary + " -w 5` did not finish within 300 ms and was killed"), e.getMessage());
        // the binary sleeps 30 s: well under that means it was killed; a bound of seconds says nothing about load
        assertTrue(ms < 15_000, "took " + ms + " ms");
    }
}
