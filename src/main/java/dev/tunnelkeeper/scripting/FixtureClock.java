package dev.tunnelkeeper.scripting;

import java.time.Instant;
import java.time.InstantSource;

/** The test kit's time: each step sets it, so {@code tk.now()} and the events agree with the fixture. */
final class FixtureClock implements InstantSource {
    private volatile Instant now = Instant.EPOCH;

    void set(Instant at) {
        now = at;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
