package dev.tunnelkeeper.vpn;

import dev.tunnelkeeper.log.Log;
import java.util.function.Consumer;

/** Logs every state change once: {@code [vpn] starting -> running: tunnel tun0 to nl-1 ready in 112 ms}. */
final class VpnEventLog implements Consumer<VpnEvent> {
    private static final Log LOG = Log.of("vpn");

    @Override
    public void accept(VpnEvent event) {
        String line = event.from().id() + " -> " + event.to().id() + ": " + event.reason();
        if (event.to() == VpnState.CRASHED) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }
}
