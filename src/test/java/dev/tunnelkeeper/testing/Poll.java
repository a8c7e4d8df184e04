package dev.tunnelkeeper.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition in REAL time. Only for tests that run real processes or real sockets on purpose
 * (the loop-back test, child processes, the lab); logic is tested in virtual time instead.
 */
public final class Poll {
    private Poll() {
    }

    public static boolean until(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
