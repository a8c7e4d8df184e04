package dev.tunnelkeeper.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Real, short-lived /bin/sh children: output relay, exit, SIGTERM and SIGKILL. */
class OsProcessLauncherTest {
    private final OsProcessLauncher launcher = new OsProcessLauncher();

    @Test
    void relaysEveryLineOfStdoutAndStderrBeforeReportingTheExit() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        ChildProcess child = launcher.start(List.of("sh", "-c", "echo one; echo two >&2; echo \"$GREETING\"; exit 3"),
                Map.of("GREETING", "three"), null, lines::add);
        assertEquals(3, child.exit().get(10, TimeUnit.SECONDS));
        assertEquals(List.of("one", "two", "three"), lines);
    }

    @Test
    void sigtermEndsAChildThatHonoursIt() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        ChildProcess child = launcher.start(List.of("sh", "-c", "echo up; exec sleep 30"), Map.of(), null, l -> started.countDown());
        assertTrue(started.await(10, TimeUnit.SECONDS));
        ChildProcess.Termination t = child.terminate(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
        assertFalse(t.killed());
        assertEquals(143, t.exitStatus(), "128 + SIGTERM");
        assertFalse(ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    @Test
    void sigkillEndsAChildThatIgnoresSigtermAfterTheGrace() throws Exception {
        CountDownLatch trapped = new CountDownLatch(1);
        ChildProcess child = launcher.start(List.of("sh", "-c", "trap '' TERM; echo trapped; while :; do sleep 0.05; done"),
                Map.of(), null, l -> trapped.countDown());
        assertTrue(trapped.await(10, TimeUnit.SECONDS));
        long start = System.nanoTime();
        ChildProcess.Termination t = child.terminate(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS);
        assertTrue(t.killed());
        assertEquals(137, t.exitStatus(), "128 + SIGKILL");
        assertTrue(System.nanoTime() - start >= 300_000_000L);
        assertTrue(child.terminate(Duration.ofMillis(300)).isDone(), "asking again is harmless");
    }

    @Test
    void aShortCommandReportsItsStatusAndOutput() throws CommandException {
        CommandResult result = launcher.run(List.of("sh", "-c", "echo RTNETLINK answers: File exists >&2; exit 2"), Duration.ofSeconds(10));
        assertEquals(2, result.exitStatus());
        assertEquals("", result.stdout());
        assertEquals("RTNETLINK answers: File exists\n", result.stderr());
        assertEquals("`sh -c echo RTNETLINK answers: File exists >&2; exit 2` exited with status 2: RTNETLINK answers: File exists",
                result.describe());
    }

    @Test
    void aShortCommandThatHangsIsCutOff() {
        CommandException e = assertThrows(CommandException.class, () -> launcher.run(List.of("sleep", "30"), Duration.ofMillis(200)));
        assertEquals("`sleep 30` did not finish within 200 ms and was killed", e.getMessage());
    }

    @Test
    void aShortCommandReadsItsInputAndKeepsItsStreamsApart() throws CommandException {
        CommandResult result = launcher.run(List.of("sh", "-c", "tr a-z A-Z; echo warned >&2"), "*filter\nCOMMIT\n",
                Duration.ofSeconds(10));
        assertEquals("*FILTER\nCOMMIT\n", result.stdout());
        assertEquals("warned\n", result.stderr());
        assertEquals("`sh -c tr a-z A-Z; echo warned >&2` exited with status 0: warned | *FILTER | COMMIT", result.describe());
    }

    @Test
    void aCommandThatCannotStartIsAnErrorNamingIt() {
        CommandException e = assertThrows(CommandException.class,
                () -> launcher.run(List.of("/nonexistent/tool", "-x"), Duration.ofSeconds(10)));
        assertTrue(e.getMessage().startsWith("cannot run `/nonexistent/tool -x`: "), e.getMessage());
    }

    @Test
    void shortCommandsThrowOnAFailureAndReportWithoutThrowingWhenAsked() {
        ShortCommands commands = new ShortCommands(launcher);
        CommandException e = assertThrows(CommandException.class, () -> commands.check(List.of("sh", "-c", "echo nope >&2; exit 3")));
        assertEquals("`sh -c echo nope >&2; exit 3` exited with status 3: nope", e.getMessage());
        CommandResult missing = commands.attempt(List.of("/nonexistent/tool"));
        assertEquals(-1, missing.exitStatus());
        assertTrue(missing.output().startsWith("cannot run `/nonexistent/tool`"), missing.output());
    }

    @Test
    void thePrefixRunsEveryCommandThroughIt() throws CommandException {
        OsProcessLauncher prefixed = new OsProcessLauncher(List.of("env", "PREFIXED=yes"));
        assertEquals("yes\n", prefixed.run(List.of("sh", "-c", "echo $PREFIXED"), Duration.ofSeconds(10)).output());
    }
}
