package dev.tunnelkeeper.heal;

/**
 * Decides what the healer does, asked on the health loop's thread on each failed check and when the window elapses.
 * Implementations must answer fast (they hold up the loop); the healer treats a throw or a null as "the built-in
 * decides". The built-in is {@link BuiltinHealPolicy}; a user's JavaScript hook is another implementation.
 */
@FunctionalInterface
public interface HealPolicy {

    HealDecision decide(HealEvent event);
}
