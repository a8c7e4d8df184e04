package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.HooksView.HookInfo;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Everything the status page shows, read once per request. */
public record PageModel(Instant now, VpnStatus vpn, HealthState.Status health, Optional<PublicIp> publicIp,
                        List<HookInfo> hooks, HealthHistory.Snapshot lastHour) {
}
