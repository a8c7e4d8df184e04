package dev.tunnelkeeper.portforward;

/**
 * Told when the forwarded ports change (a new port, a port replaced, forwarding stopped). This is the extension point
 * for the scripting side's {@code onPortForwarded} hook: an implementation turns {@link PortForwardEvent} into the
 * hook's {@code {ports, previous, server}} and calls it. Built in: the status file's neighbours, the up and down
 * commands and the qBittorrent sync.
 *
 * <p>Each listener is called on its own thread, in the order of the changes, after the kill switch has opened the
 * port; a slow or failing listener delays no renewal and no other listener. An exception is logged and dropped.
 */
@FunctionalInterface
public interface PortForwardListener {
    void portForwarded(PortForwardEvent event);
}
