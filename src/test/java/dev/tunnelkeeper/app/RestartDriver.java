package dev.tunnelkeeper.app;

import dev.tunnelkeeper.vpn.VpnRequest;
import dev.tunnelkeeper.vpn.Cause;
import dev.tunnelkeeper.config.Settings;
import dev.tunnelkeeper.app.SettingsAssembly;
import dev.tunnelkeeper.firewall.KillSwitches;
import dev.tunnelkeeper.log.LogSetup;
import dev.tunnelkeeper.servers.CatalogConnectionSource;
import dev.tunnelkeeper.servers.ServerSources;
import dev.tunnelkeeper.time.SystemScheduler;
import dev.tunnelkeeper.vpn.KillSwitch;
import dev.tunnelkeeper.vpn.VpnState;
import dev.tunnelkeeper.vpn.VpnStatus;
import dev.tunnelkeeper.vpn.VpnSupervisor;
import java.time.Duration;
import java.util.Random;

/**
 * Runs inside a lab's client namespace: builds the product's real kill switch, server catalogue and supervisor from
 * the environment (as `tunnelkeeper run` does) and forces them through N restarts: every 10th by SIGKILLing the VPN
 * client, the others as explicit restarts (the catalogue's cool-down makes them change servers). Prints
 * {@code READY}, {@code RESTART <n> <server>} and {@code DONE}. Args: restarts.
 */
public final class RestartDriver {
    private static final Duration UP = Duration.ofSeconds(60);

    private RestartDriver() {
    }

    public static void main(String[] args) throws Exception {
        int restarts = Integer.parseInt(args[0]);
        Settings settings = SettingsAssembly.load(System.getenv());
        LogSetup.install(settings.logLevel(), System.err);
        CatalogConnectionSource source = ServerSources.load(settings.servers(), settings.vpn(), new dev.tunnelkeeper.time.SystemScheduler("bench-clock"), new Random());
        KillSwitch killSwitch = KillSwitches.enable(settings.firewall(), settings.vpn().iface());
        try (SystemScheduler thread = new SystemScheduler("vpn");
             VpnSupervisor supervisor = VpnSupervisor.create(VpnClients.create(settings.vpn()), settings.vpnReadyTimeout(), source, killSwitch, thread)) {
            require(supervisor.sendAndWait(VpnRequest.start(Cause.USER), UP), "the first start");
            System.out.println("READY");
            for (int n = 1; n <= restarts; n++) {
                VpnStatus reached;
                if (n % 10 == 0) {
                    ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
                    reached = awaitRunningAfterCrash(supervisor);
                } else {
                    reached = supervisor.sendAndWait(VpnRequest.restart(Cause.USER, "forced restart " + n), UP);
                }
                require(reached, "restart " + n);
                System.out.println("RESTART " + n + " " + reached.connection().map(c -> c.serverName()).orElse("?")
                        + " " + (n % 10 == 0 ? "killed" : "explicit") + " leaks-so-far=" + leakCount());
            }
            System.out.println("DONE");
        }
    }

    /** The LEAK counter a leak test may have installed (mangle TKLEAK), for lining leaks up with restarts; -1 if none. */
    private static long leakCount() {
        try {
            Process p = new ProcessBuilder("iptables", "-t", "mangle", "-L", "TKLEAK", "-v", "-n", "-x").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return out.lines().filter(l -> l.contains("/* LEAK */")).mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[0]))
                    .findFirst().orElse(-1);
        } catch (java.io.IOException | InterruptedException | NumberFormatException e) {
            return -1;
        }
    }

    private static VpnStatus awaitRunningAfterCrash(VpnSupervisor supervisor) throws InterruptedException {
        long deadline = System.nanoTime() + UP.toNanos();
        boolean crashed = false;
        while (System.nanoTime() < deadline) {
            VpnState state = supervisor.status().state();
            crashed |= state != VpnState.RUNNING;
            if (crashed && state == VpnState.RUNNING) {
                return supervisor.status();
            }
            Thread.sleep(10);
        }
        return supervisor.status();
    }

    private static void require(VpnStatus status, String what) {
        if (status.state() != VpnState.RUNNING) {
            throw new IllegalStateException(what + " did not reach running: " + status);
        }
    }
}
