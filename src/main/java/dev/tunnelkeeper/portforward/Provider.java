package dev.tunnelkeeper.portforward;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * How each supported VPN_PORT_FORWARDING_PROVIDER asks its gateway, and which granted port the application listens on.
 */
public enum Provider {
    /**
     * ProtonVPN, as gluetun asks it: internal port 0 ("any"), suggested external port 1 the first time, the granted
     * port on each renewal. ProtonVPN forwards the granted external port unchanged, so that is the port.
     */
    PROTONVPN {
        @Override
        Gateway.Request first(IntSupplier randomPort, Duration lifetime) {
            return new Gateway.Request(0, 1, lifetime, true);
        }

        @Override
        Gateway.Request renew(ForwardedPort current, Duration lifetime) {
            return new Gateway.Request(0, current.port(), lifetime, false);
        }

        @Override
        int port(Gateway.Lease lease) {
            return lease.tcp().externalPort();
        }
    },

    /**
     * Any RFC 6886 gateway (miniupnpd, for one): a gateway must be given a non-zero internal port (miniupnpd refuses
     * 0 with result 2), so a random one from 1024-65535 is asked for each tunnel, with the same external port
     * suggested. The gateway may grant another external port; traffic then arrives on the internal one, which is the
     * port.
     */
    NATPMP {
        @Override
        Gateway.Request first(IntSupplier randomPort, Duration lifetime) {
            int port = randomPort.getAsInt();
            return new Gateway.Request(port, port, lifetime, true);
        }

        @Override
        Gateway.Request renew(ForwardedPort current, Duration lifetime) {
            return new Gateway.Request(current.port(), current.publicPort(), lifetime, false);
        }

        @Override
        int port(Gateway.Lease lease) {
            return lease.tcp().internalPort();
        }
    };

    abstract Gateway.Request first(IntSupplier randomPort, Duration lifetime);

    abstract Gateway.Request renew(ForwardedPort current, Duration lifetime);

    /** Where connections arrive in the tunnel. */
    abstract int port(Gateway.Lease lease);

    public static Provider of(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
