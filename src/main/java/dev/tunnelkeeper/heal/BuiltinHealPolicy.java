package dev.tunnelkeeper.heal;

import dev.tunnelkeeper.config.GoDuration;

/** gluetun's policy: wait while the window runs, restart when it elapses. */
public final class BuiltinHealPolicy implements HealPolicy {
    public static final BuiltinHealPolicy INSTANCE = new BuiltinHealPolicy();

    private BuiltinHealPolicy() {
    }

    @Override
    public HealDecision decide(HealEvent event) {
        return switch (event.trigger()) {
            case CHECK_FAILED -> new HealDecision(HealDecision.Action.WAIT, "the window is still running", HealDecision.BUILT_IN);
            case WINDOW_ELAPSED -> new HealDecision(HealDecision.Action.RESTART, restartReason(event), HealDecision.BUILT_IN);
        };
    }

    /** The restart's reason as the healer always gave it: {@code unhealthy for 6s: <last error>}. */
    static String restartReason(HealEvent event) {
        return "unhealthy for " + GoDuration.format(event.window()) + event.lastError().map(e -> ": " + e).orElse("");
    }
}
