package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A failed lab command says which command failed and what it printed. */
class CommandsTest {
    @Test
    void failureNamesTheCommandAndItsOutput() {
        LabException failure = assertThrows(LabException.class,
                () -> Commands.check(List.of("/bin/sh", "-c", "echo no such device >&2; exit 3")));

        assertEquals("`/bin/sh -c echo no such device >&2; exit 3` exited with 3: no such device", failure.getMessage());
    }

    @Test
    void inputIsFedAndOutputReturned() {
        assertEquals("hello\n", Commands.check(List.of("/bin/cat"), "hello\n"));
    }

    @Test
    void hangingCommandIsKilledAtTheTimeLimit() {
        LabException failure = assertThrows(LabException.class,
                () -> Commands.run(List.of("/bin/sleep", "30"), null, Duration.ofMillis(200)));

        assertTrue(failure.getMessage().contains("did not finish within 200 ms"), failure.getMessage());
    }
}
