package dev.tunnelkeeper.vpn;

import java.util.List;

/** Records the firewall calls; can be told to refuse one. */
final class RecordingKillSwitch implements KillSwitch {
    private final List<String> calls;
    String refuse = ""; // "allow", "up" or "down"

    RecordingKillSwitch(List<String> calls) {
        this.calls = calls;
    }

    @Override
    public void allowEndpoint(Endpoint endpoint) throws FirewallException {
        calls.add("allow " + endpoint);
        refuseIf("allow", "iptables: the endpoint rule cannot be added (exit 4)");
    }

    @Override
    public void tunnelUp(String iface) throws FirewallException {
        calls.add("up " + iface);
        refuseIf("up", "iptables: the tunnel rule cannot be added (exit 4)");
    }

    @Override
    public void tunnelDown(String iface) throws FirewallException {
        calls.add("down " + iface);
        refuseIf("down", "iptables: the tunnel rule cannot be removed (exit 4)");
    }

    private void refuseIf(String call, String message) throws FirewallException {
        if (refuse.equals(call)) {
            throw new FirewallException(message);
        }
    }
}
