package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The dial agent's one-line replies become DialResults. */
class DialResultTest {
    @Test
    void answerIsParsed() {
        assertEquals(new DialResult(true, "s1", "", Duration.ofMillis(12)), DialResult.parse("OK 12 s1"));
    }

    @Test
    void timeoutIsRecognised() {
        DialResult result = DialResult.parse("FAIL 2001 timeout: Connect timed out");

        assertTrue(result.timedOut());
        assertFalse(result.connected());
        assertEquals(Duration.ofMillis(2001), result.elapsed());
    }

    @Test
    void refusalIsNoTimeout() {
        assertFalse(DialResult.parse("FAIL 3 ConnectException: Connection refused").timedOut());
    }

    @Test
    void garbageIsRejected() {
        assertThrows(LabException.class, () -> DialResult.parse("what?"));
    }
}
