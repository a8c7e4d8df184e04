package dev.tunnelkeeper.control;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.VpnStatus;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import java.time.Duration;

/** The product's {@link VpnControl}: the supervisor's own requests, waited for. */
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
    public VpnStatus send(VpnRequest request, Duration timeout) {
        return supervisor.sendAndWait(request, timeout);
    }
}
