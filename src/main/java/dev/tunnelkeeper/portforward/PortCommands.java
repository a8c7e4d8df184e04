package dev.tunnelkeeper.portforward;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.ChildProcess;
import dev.tunnelkeeper.process.ProcessLauncher;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * gluetun's VPN_PORT_FORWARDING_UP_COMMAND and DOWN_COMMAND: the down command runs with the ports that went away, then
 * the up command with the new ones. {{PORTS}} (comma-separated), {{PORT}} (the first) and {{VPN_INTERFACE}} are
 * replaced in each word; no shell runs it (write {@code /bin/sh -c '...'} to have one). Each run is limited to
 * {@link #TIME_LIMIT}, its output is logged line by line, and its exit status is logged. It runs on the listener's own
 * thread, so a slow command never delays a lease renewal. Its arguments are never logged (they may carry a password);
 * what it prints is.
 */
public final class PortCommands implements PortForwardListener {
    private static final Log LOG = Log.of("port forwarding");
    public static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(2);

    private final List<String> up;
    private final List<String> down;
    private final ProcessLauncher launcher;
    private final Duration limit;

    public PortCommands(String up, String down, ProcessLauncher launcher, Duration limit) {
        this.up = CommandLine.split(up);
        this.down = CommandLine.split(down);
        this.launcher = launcher;
        this.limit = limit;
    }

    @Override
    public void portForwarded(PortForwardEvent event) {
        if (!event.previous().isEmpty() && !down.isEmpty()) {
            run("down", down, event.previous(), event.vpnInterface());
        }
        if (!event.ports().isEmpty() && !up.isEmpty()) {
            run("up", up, event.ports(), event.vpnInterface());
        }
    }

    /** The words of the command for these ports (what is run). */
    static List<String> expand(List<String> words, List<Integer> ports, String vpnInterface) {
        return CommandLine.expand(words, Map.of(
                "PORTS", ports.stream().map(String::valueOf).collect(Collectors.joining(",")),
                "PORT", String.valueOf(ports.getFirst()),
                "VPN_INTERFACE", vpnInterface));
    }

    private void run(String which, List<String> words, List<Integer> ports, String vpnInterface) {
        List<String> command = expand(words, ports, vpnInterface);
        String name = which + " command";
        Log output = Log.of("port forwarding " + which + " command");
        ChildProcess child;
        try {
            child = launcher.start(command, Map.of(), null, output::info);
        } catch (IOException e) {
            // the program only: its arguments may carry a password
            LOG.error(name + " " + command.getFirst() + " cannot start: " + e.getMessage());
            return;
        }
        try {
            int status = child.exit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (status == 0) {
                LOG.info(name + " for port " + ports + " done");
            } else {
                LOG.warn(name + " for port " + ports + " exited with status " + status);
            }
        } catch (TimeoutException e) {
            LOG.warn(name + " for port " + ports + " still running after " + limit.toSeconds() + "s: stopped");
            child.terminate(GRACE);
        } catch (InterruptedException e) {
            child.terminate(GRACE);
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn(name + " for port " + ports + " failed: " + e.getCause());
        }
    }
}
