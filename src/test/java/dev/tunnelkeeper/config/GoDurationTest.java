package dev.tunnelkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationTest {
    @ParameterizedTest
    @CsvSource({"6s,6000", "1m30s,90000", "500ms,500", "1h,3600000", "1.5s,1500", "2m,120000", "0,0", "1h1m1s,3661000", ".5s,500"})
    void parsesGoDurations(String text, long ms) {
        assertEquals(Duration.ofMillis(ms), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "6", "6 s", "s", "1x", "-5s", "abc", "5s5", "1.2.3s", "2562048h", "99999999999999999999h"})
    void rejectsWhatGoRejects(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2562047h47m16.854775807s", "9223372036854775807ns", "2562047h47m16s854775807ns"})
    void parsesUpToGosLimitExactly(String text) {
        assertEquals(Duration.ofNanos(Long.MAX_VALUE), GoDuration.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9223372036854775808ns", "2562047h47m16.854775808s", "2562048h", "99999999999999999999h"})
    void beyondGosLimitSaysSo(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
        assertEquals("too long: at most 2562047h47m16.854775807s", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"6000,6s", "11000,11s", "60000,1m0s", "90000,1m30s", "3600000,1h0m0s", "1500,1.5s", "500,500ms", "0,0s", "3661000,1h1m1s"})
    void formatsAsGoDoes(long ms, String text) {
        assertEquals(text, GoDuration.format(Duration.ofMillis(ms)));
    }
}
