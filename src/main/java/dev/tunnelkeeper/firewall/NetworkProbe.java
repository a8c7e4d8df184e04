package dev.tunnelkeeper.firewall;

import dev.tunnelkeeper.log.Log;
import dev.tunnelkeeper.process.CommandResult;
import dev.tunnelkeeper.process.CommandRunner;
import dev.tunnelkeeper.vpn.KillSwitch.FirewallException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the default interface and the local subnets with iproute2's JSON output ({@code ip -j}). Runs once,
 * before the first tunnel: later the VPN's own routes would only get in the way.
 */
public final class NetworkProbe {
    private static final Log LOG = Log.of("firewall");

    private final CommandRunner runner;
    private final FirewallCommands commands;

    public NetworkProbe(CommandRunner runner, FirewallCommands commands) {
        this.runner = runner;
        this.commands = commands;
    }

    /** @param vpnInterface the tunnel's name: its subnet, should it exist already, is not a local one */
    public NetworkFacts probe(String vpnInterface) throws FirewallException {
        CommandResult routes = ip("-j", "-4", "route", "show", "default");
        CommandResult addresses = ip("-j", "-4", "addr", "show");
        String wan = readable(routes, () -> defaultInterface(routes));
        if (wan.equals(vpnInterface)) {
            throw new FirewallException("the default route already goes through the VPN interface " + vpnInterface
                    + " (`" + routes.commandLine() + "` printed " + routes.stdout().strip()
                    + "): the kill switch must start before the VPN, while the default route shows the real network");
        }
        return new NetworkFacts(wan, readable(addresses, () -> localSubnets(addresses, vpnInterface)));
    }

    /** The gateway of the IPv4 default route through {@code wan}, if it has one (a point-to-point link may not). */
    public java.util.Optional<String> defaultGateway(String wan) throws FirewallException {
        CommandResult routes = ip("-j", "-4", "route", "show", "default");
        return readable(routes, () -> objects(routes).stream()
                .filter(route -> route.getString("dev", "").equals(wan))
                .map(route -> route.getString("gateway", ""))
                .filter(gateway -> !gateway.isEmpty())
                .findFirst());
    }

    private interface Reading<T> {
        T read() throws FirewallException;
    }

    // iproute2's JSON differs a little between versions: anything unexpected is a clear error, never a crash.
    private static <T> T readable(CommandResult result, Reading<T> reading) throws FirewallException {
        try {
            return reading.read();
        } catch (JsonException | ClassCastException | IllegalArgumentException | NullPointerException e) {
            throw new FirewallException("cannot read the output of `" + result.commandLine() + "`: " + e
                    + "; it printed " + result.stdout().strip());
        }
    }

    private CommandResult ip(String... args) throws FirewallException {
        List<String> command = new ArrayList<>(commands.ip());
        command.addAll(List.of(args));
        CommandResult result = commands.run(runner, command, "");
        if (!result.succeeded()) {
            throw new FirewallException(result.describe());
        }
        return result;
    }

    static String defaultInterface(CommandResult routes) throws FirewallException {
        for (JsonObject route : objects(routes)) {
            String dev = route.getString("dev", "");
            if (InterfaceNames.isPlain(dev)) {
                return dev;
            }
        }
        throw new FirewallException("no IPv4 default route with a usable interface (`" + routes.commandLine()
                + "` printed " + routes.stdout().strip() + "): the kill switch needs it to know where the VPN server is reached");
    }

    static List<LocalSubnet> localSubnets(CommandResult addresses, String vpnInterface) {
        Set<LocalSubnet> subnets = new LinkedHashSet<>();
        for (JsonObject link : objects(addresses)) {
            String name = link.getString("ifname", "");
            if (isLoopback(link) || name.equals(vpnInterface)) {
                continue;
            }
            if (!InterfaceNames.isPlain(name)) {
                // Leaving it out only blocks more; putting an odd name into the rules could change their meaning.
                LOG.warn("interface \"" + name + "\" has an unusual name: its subnets are not allowed through the kill switch");
                continue;
            }
            for (JsonObject address : list(link, "addr_info")) {
                if ("inet".equals(address.getString("family", "")) && address.containsKey("local")) {
                    subnets.add(new LocalSubnet(name, Ipv4Cidr.of(address.getString("local"), address.getInt("prefixlen", 32))));
                }
            }
        }
        return List.copyOf(subnets);
    }

    private static boolean isLoopback(JsonObject link) {
        JsonArray flags = link.getJsonArray("flags");
        return flags != null && flags.contains(Json.createValue("LOOPBACK"));
    }

    private static List<JsonObject> list(JsonObject object, String key) {
        JsonArray array = object.getJsonArray(key);
        return array == null ? List.of() : array.getValuesAs(JsonObject.class);
    }

    private static List<JsonObject> objects(CommandResult result) {
        String text = result.stdout().strip();
        if (text.isEmpty()) {
            return List.of();
        }
        return Json.createReader(new StringReader(text)).readArray().getValuesAs(JsonObject.class);
    }
}
