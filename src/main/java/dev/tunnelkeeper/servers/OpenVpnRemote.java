package dev.tunnelkeeper.servers;

import dev.tunnelkeeper.config.Protocol;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server an .ovpn file names: a {@code remote} line's host (an IPv4 address or a name), port and protocol. gluetun's
 * custom provider reads the first one only; {@link #parseAll} reads every one. The protocol falls back to a {@code proto} line, then to OPENVPN_PROTOCOL; the port to a
 * {@code port}/{@code rport} line, then to gluetun's default (1194, or 443 over TCP). Inline blocks such as
 * {@code <ca>} are skipped; {@code <connection>} blocks hold options and are read.
 */
record OpenVpnRemote(String host, int port, Protocol protocol) {
    private static final Pattern HOST_NAME = Pattern.compile("(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.?)+");
    private static final Pattern BLOCK_OPEN = Pattern.compile("<([A-Za-z0-9_-]+)>");
    private static final String REMOTE_EXAMPLE = "a line such as \"remote 203.0.113.7 1194 udp\"";

    /** One option line: its 1-based number, its text, its words, and whether it is outside every block. */
    private record Option(int number, String text, List<String> words, boolean topLevel) {
        String keyword() {
            String first = words.get(0);
            return first.startsWith("--") ? first.substring(2) : first;
        }

        String where() {
            return "line " + number + " \"" + text + "\"";
        }
    }

    /** The first remote, or empty when there is none or it is unusable (the reason added to {@code problems}). */
    static Optional<OpenVpnRemote> parse(List<String> lines, Protocol fallback, Problems problems) {
        List<OpenVpnRemote> all = parseAll(lines, fallback, problems);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /** Every remote, in the file's order; empty when there is none or one is unusable (the reasons added to {@code problems}). */
    static List<OpenVpnRemote> parseAll(List<String> lines, Protocol fallback, Problems problems) {
        List<Option> options = options(lines);
        List<Option> remotes = options.stream().filter(o -> o.keyword().equals("remote")).toList();
        if (remotes.isEmpty()) {
            problems.add("no remote line", REMOTE_EXAMPLE + ", or a servers file (SERVERS_FILE)");
            return List.of();
        }
        int before = problems.count();
        Optional<Protocol> protoLine = options.stream().filter(o -> o.topLevel() && o.keyword().equals("proto"))
                .findFirst().flatMap(o -> protocol(o, 1, problems));
        Optional<Integer> portLine = options.stream()
                .filter(o -> o.topLevel() && (o.keyword().equals("port") || o.keyword().equals("rport")))
                .findFirst().flatMap(o -> port(o, 1, problems));
        List<OpenVpnRemote> out = new ArrayList<>();
        for (Option remote : remotes) {
            one(remote, protoLine, portLine, fallback, problems).ifPresent(out::add);
        }
        return problems.count() == before ? List.copyOf(out) : List.of();
    }

    private static Optional<OpenVpnRemote> one(Option line, Optional<Protocol> protoLine, Optional<Integer> portLine,
                                               Protocol fallback, Problems problems) {
        int before = problems.count();
        if (line.words().size() < 2 || line.words().size() > 4) {
            problems.add(line.where(), "a remote line has a host and at most a port and a protocol", REMOTE_EXAMPLE);
            return Optional.empty();
        }
        String host = line.words().get(1);
        if (IpAddresses.isIp(host) && !IpAddresses.isIpv4(host)) {
            problems.add(line.where(), host + " is IPv6, which tunnelkeeper does not route",
                    "the server's IPv4 address or host name, or a servers file listing the server's IPs");
        } else if (!IpAddresses.isIpv4(host) && !HOST_NAME.matcher(host).matches()) {
            problems.add(line.where(), host + " is neither an IPv4 address nor a host name",
                    "the server's IPv4 address or host name, such as 203.0.113.7 or nl1.vpn.example");
        }
        Optional<Protocol> protocol = protocol(line, 3, problems).or(() -> protoLine);
        Protocol chosen = protocol.orElse(fallback);
        // gluetun's default port depends on the transport: 443 is what TCP servers usually listen on.
        int port = port(line, 2, problems).or(() -> portLine).orElse(chosen == Protocol.TCP ? 443 : 1194);
        return problems.count() == before ? Optional.of(new OpenVpnRemote(host, port, chosen)) : Optional.empty();
    }

    private static List<Option> options(List<String> lines) {
        List<Option> options = new ArrayList<>();
        String block = null;
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (block != null && text.equals("</" + block + ">")) {
                block = null;
                continue;
            }
            Matcher open = BLOCK_OPEN.matcher(text);
            if (block == null && open.matches()) {
                block = open.group(1);
                continue;
            }
            boolean readable = block == null || block.equals("connection");
            if (readable && !text.isEmpty() && !text.startsWith("#") && !text.startsWith(";")) {
                options.add(new Option(i + 1, text, List.of(text.split("\\s+")), block == null));
            }
        }
        return options;
    }

    private static Optional<Protocol> protocol(Option line, int word, Problems problems) {
        if (line.words().size() <= word) {
            return Optional.empty();
        }
        String name = line.words().get(word);
        return switch (name) {
            case "udp", "udp4", "udp6" -> Optional.of(Protocol.UDP);
            case "tcp", "tcp4", "tcp6", "tcp-client", "tcp4-client", "tcp6-client" -> Optional.of(Protocol.TCP);
            default -> {
                problems.add(line.where(), "protocol " + name + " is not supported", "udp or tcp (tcp-client)");
                yield Optional.empty();
            }
        };
    }

    private static Optional<Integer> port(Option line, int word, Problems problems) {
        if (line.words().size() <= word) {
            return Optional.empty();
        }
        String text = line.words().get(word);
        try {
            int port = Integer.parseInt(text);
            if (port >= 1 && port <= 65535) {
                return Optional.of(port);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(line.where(), "port " + text + " is not valid", "a port from 1 to 65535");
        return Optional.empty();
    }
}
