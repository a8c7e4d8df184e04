package dev.tunnelkeeper.portforward;

import java.util.Optional;

/** Read-only: the port forwarded now, for the control API, the metrics and the status page. */
@FunctionalInterface
public interface PortForwardView {
    /** Empty while nothing is forwarded (off, tunnel down, not granted yet). */
    Optional<ForwardedPort> current();

    PortForwardView NONE = Optional::empty;
}
