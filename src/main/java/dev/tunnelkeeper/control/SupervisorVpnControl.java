package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnStatus;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import java.time.Duration;

/** The product's {@link VpnControl}: the supervisor's own blocking requests. */
public final class SupervisorVpnControl implements VpnControl {
    private final VpnSupervisor supervisor;

    public SupervisorVpnControl(VpnSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    @Override
    public VpnStatus status() {
        return supervisor.status();
    }

    @Override
    public VpnStatus start(Duration timeout) {
        return supervisor.start(timeout);
    }

    @Override
    public VpnStatus stop(String reason, Duration timeout) {
        return supervisor.stop(reason, timeout);
    }

    @Override
    public VpnStatus restart(String reason, Duration timeout) {
        return supervisor.restart(reason, timeout);
    }
}
