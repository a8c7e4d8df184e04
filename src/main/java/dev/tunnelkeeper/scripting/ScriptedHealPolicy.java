package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.heal.BuiltinHealPolicy;
import dev.tunnelkeeper.heal.HealDecision;
import dev.tunnelkeeper.heal.HealEvent;
import dev.tunnelkeeper.heal.HealPolicy;
import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The healer's policy from the {@code onHealthCheckFailed} hooks: the first file that answers decides; with no
 * answer (no file, no hook, an error, an invalid answer) the built-in does. Called on the health loop's thread;
 * each file's call is bounded by HOOK_TIMEOUT.
 */
public final class ScriptedHealPolicy implements HealPolicy {
    private static final Log LOG = Log.of("hooks");

    private final HookRegistry hooks;
    private final Supplier<VpnStatus> vpn;

    /** @param vpn the supervisor's status: the hook sees the current server and VPN state */
    ScriptedHealPolicy(HookRegistry hooks, Supplier<VpnStatus> vpn) {
        this.hooks = hooks;
        this.vpn = vpn;
    }

    @Override
    public HealDecision decide(HealEvent event) {
        try {
            Optional<Answered<Answers.HealAnswer>> answer = hooks.decide(HookName.ON_HEALTH_CHECK_FAILED,
                    () -> HookEvents.args(HookEvents.healthCheckFailed(event, vpn.get())), Answers.heal());
            if (answer.isPresent()) {
                Answers.HealAnswer a = answer.get().answer();
                return new HealDecision(a.action(), a.reason(), answer.get().file());
            }
        } catch (RuntimeException e) {
            LOG.error("the onHealthCheckFailed hooks failed (" + e + "); the built-in decides");
        }
        return BuiltinHealPolicy.INSTANCE.decide(event);
    }
}
