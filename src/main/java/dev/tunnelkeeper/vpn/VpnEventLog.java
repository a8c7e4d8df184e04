package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.log.Log;
import java.util.function.Consumer;

/**
 * Logs every state change once: {@code [vpn] starting -> running: tunnel tun0 to nl-1 ready in 112 ms}; and a restart
 * taken into work under way: {@code [vpn] restart requested (unhealthy for 6s): a retry is already scheduled}.
 */
final class VpnEventLog implements Consumer<VpnEvent> {
    private static final Log LOG = Log.of("vpn");

    @Override
    public void accept(VpnEvent event) {
        if (!event.moved()) {
            LOG.info("restart requested (" + event.reason() + "): " + (event.to() == VpnState.STARTING
                    ? "a connect attempt is under way, letting it finish" : "a retry is already scheduled"));
            return;
        }
        String line = event.from().id() + " -> " + event.to().id() + ": " + event.reason();
        if (event.to() == VpnState.CRASHED) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }
}
