package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.time.Scheduler;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import java.time.Duration;
import java.util.Optional;

/**
 * Keeps the kill switch's rules in place when something else changes them: an admin's {@code iptables -F}, a
 * script that sets the OUTPUT policy to ACCEPT, a container tool that rewrites the table. Every {@link #EVERY} it
 * reads the rules back and puts the plan's back where they differ. If they cannot be put back, the VPN is stopped
 * (and started again once they are), so the product never goes on as if a kill switch were there when none is.
 */
public final class KillSwitchWatch implements AutoCloseable {
    /** A change is repaired within this. One check runs {@code iptables -S} once per family: about 5 ms each. */
    public static final Duration EVERY = Duration.ofSeconds(5);
    /** The reason the watch gives the VPN stop. */
    public static final String STOP_REASON = "the kill switch's rules cannot be put back";

    private static final Log LOG = Log.of("firewall");

    /** What the watch may do to the VPN. */
    public interface Vpn {
        void stop(String reason);

        /** Called only after the watch itself stopped the VPN and the rules are back. */
        void start();
    }

    private final Scheduler scheduler;
    private final KillSwitch killSwitch;
    private final Duration every;
    private final Vpn vpn;
    private boolean stoppedTheVpn;
    private volatile boolean closed;
    private volatile Scheduler.Cancellable next = () -> { };

    public KillSwitchWatch(Scheduler scheduler, KillSwitch killSwitch, Duration every, Vpn vpn) {
        this.scheduler = scheduler;
        this.killSwitch = killSwitch;
        this.every = every;
        this.vpn = vpn;
    }

    public void start() {
        next = scheduler.schedule(every, this::check);
    }

    private void check() {
        if (closed) {
            return;
        }
        try {
            Optional<String> restored = killSwitch.restoreIfChanged();
            restored.ifPresent(what -> LOG.warn("the kill switch's rules were changed by something else (" + what
                    + "); its own rules are back in place"));
            if (stoppedTheVpn) {
                stoppedTheVpn = false;
                LOG.info("the kill switch's rules are in place again: starting the VPN");
                vpn.start();
            }
        } catch (FirewallException e) {
            if (!stoppedTheVpn) {
                stoppedTheVpn = true;
                LOG.error("the kill switch's rules were changed by something else and cannot be put back: " + e.getMessage()
                        + "; the VPN is stopped until they can (tried again every " + every.toSeconds() + " s)");
                vpn.stop(STOP_REASON);
            } else {
                LOG.debug("the kill switch's rules still cannot be put back: " + e.getMessage());
            }
        }
        if (!closed) {
            next = scheduler.schedule(every, this::check);
        }
    }

    @Override
    public void close() {
        closed = true;
        next.cancel();
    }
}
