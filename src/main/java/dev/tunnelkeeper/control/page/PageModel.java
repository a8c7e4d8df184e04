package dev.tunnelkeeper.control.page;

import dev.tunnelkeeper.control.api.HooksView.HookInfo;
import dev.tunnelkeeper.control.history.HealthHistory;
import dev.tunnelkeeper.health.HealthState;
import dev.tunnelkeeper.publicip.PublicIp;
import dev.tunnelkeeper.servers.Candidate;
import dev.tunnelkeeper.vpn.VpnStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * Everything the status page shows, read once per request.
 *
 * @param elapsed       the time source's monotonic reading at {@code now}: which servers are cooling down
 * @param zone          the zone times are written in before the browser's script rewrites them in its own
 * @param forwardedPort the port forwarded through the VPN now (VPN_PORT_FORWARDING); empty while there is none
 * @param servers       every server with its history, in priority order
 * @param cooldown      SERVER_COOLDOWN: a server that failed less than this ago is cooling down
 * @param history       all that the health history holds (the timeline shows the range, the list the newest)
 */
public record PageModel(Instant now, Duration elapsed, ZoneId zone, PageRange range, VpnStatus vpn, HealthState.Status health,
                        Optional<PublicIp> publicIp, Optional<Integer> forwardedPort, List<HookInfo> hooks,
                        List<Candidate> servers, Duration cooldown, HealthHistory.Snapshot history) {
    public PageModel {
        hooks = List.copyOf(hooks);
        servers = List.copyOf(servers);
    }
}
