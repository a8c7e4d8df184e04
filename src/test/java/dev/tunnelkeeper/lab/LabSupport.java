package dev.tunnelkeeper.lab;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * JUnit entry point: lab tests call {@link #assumeLabCanRun()} first, so where the lab cannot run
 * (not root, a command missing) they are reported as skipped with the reason, and fail nowhere else.
 */
public final class LabSupport {
    private LabSupport() {
    }

    /** Empty when the lab can run here, else why it cannot. */
    public static Optional<String> whyLabCannotRun() {
        return LabRequirements.whyLabCannotRun();
    }

    public static void assumeLabCanRun() {
        Optional<String> why = whyLabCannotRun();
        Assumptions.assumeTrue(why.isEmpty(), () -> "VPN lab skipped: " + why.orElse(""));
    }
}
