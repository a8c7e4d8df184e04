package dev.tunnelkeeper.vpn;

import java.util.Objects;
import java.util.Optional;

/**
 * What someone asks of the VPN, and why: the one way into the {@link VpnSupervisor}. The last start or stop it
 * accepted is its intent ({@link VpnSupervisor#intent()}): who stopped it, or who wants it running.
 *
 * @param kind   start, stop or restart
 * @param cause  who asks
 * @param reason in the asker's words; the state changes it brings carry it
 * @param hook   the hook file that decided, for {@link Cause#HOOK}
 * @param next   where the connect that follows goes (start and restart)
 */
public record VpnRequest(Kind kind, Cause cause, String reason, Optional<String> hook, NextServer next) {
    /** The reason of every start: the state change reads {@code stopped -> starting: start requested}. */
    public static final String START_REASON = "start requested";

    public enum Kind { START, STOP, RESTART }

    public VpnRequest {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(next, "next");
    }

    public static VpnRequest start(Cause cause) {
        return new VpnRequest(Kind.START, cause, START_REASON, Optional.empty(), NextServer.ANY);
    }

    /** A stop keeps the VPN stopped (auto-heal included) until the next start. */
    public static VpnRequest stop(Cause cause, String reason) {
        return new VpnRequest(Kind.STOP, cause, reason, Optional.empty(), NextServer.ANY);
    }

    /**
     * A restart tears the tunnel down and connects again, asking for a server again. The user's cuts a connect attempt
     * under way short; the others let it finish (it is bounded by VPN_READY_TIMEOUT, and cutting it short would only
     * restart the same work). A VPN stopped on request stays stopped.
     */
    public static VpnRequest restart(Cause cause, String reason) {
        return new VpnRequest(Kind.RESTART, cause, reason, Optional.empty(), NextServer.ANY);
    }

    /** A restart a hook file decided on. */
    public static VpnRequest restartByHook(String file, String reason) {
        return new VpnRequest(Kind.RESTART, Cause.HOOK, reason, Optional.of(file), NextServer.ANY);
    }

    /** The same request, connecting to {@code next} when it (re)connects. */
    public VpnRequest toward(NextServer next) {
        return new VpnRequest(kind, cause, reason, hook, next);
    }

    /** Whether it asks for a VPN that runs (start, restart) rather than one that stays stopped. */
    public boolean wantsRunning() {
        return kind != Kind.STOP;
    }

    /** Whether it is a stop {@code cause} asked for: as an intent, who keeps the VPN stopped. */
    public boolean stopBy(Cause cause) {
        return kind == Kind.STOP && this.cause == cause;
    }

    /** Whether it cuts a connect attempt under way short (see {@link #restart}). */
    boolean interruptsAttempt() {
        return cause == Cause.USER;
    }

    /**
     * Whether carrying it out counts as a restart (history, metrics): a restart, and the kill switch watch's stop, which
     * starts the VPN again itself once its rules are back.
     */
    public boolean restarts() {
        return kind == Kind.RESTART || (kind == Kind.STOP && cause == Cause.KILL_SWITCH);
    }
}
