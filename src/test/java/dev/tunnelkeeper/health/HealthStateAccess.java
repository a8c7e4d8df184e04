package dev.tunnelkeeper.health;

/** Lets test fixtures outside the package record a result the way the loop does. */
public final class HealthStateAccess {
    private HealthStateAccess() {
    }

    public static void set(HealthState state, CheckResult result) {
        state.set(result);
    }
}
