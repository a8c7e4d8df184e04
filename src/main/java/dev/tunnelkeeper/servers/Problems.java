package dev.tunnelkeeper.servers;

import java.util.List;

/**
 * Problems found in one input (a servers file, an .ovpn): each becomes one line that names the input, where in it,
 * what is wrong and what would be valid, e.g.
 * {@code config/servers.json: servers[3].ips[0]: "1.2.3" is not an IP address; valid: an IPv4 or IPv6 address}.
 *
 * @param input how the input is named at the start of each line
 * @param out   where the lines go (the settings' problem list)
 */
record Problems(String input, List<String> out) {

    void add(String where, String what, String valid) {
        out.add(input + ": " + where + ": " + what + "; valid: " + valid);
    }

    /** A problem with the input as a whole. */
    void add(String what, String valid) {
        out.add(input + ": " + what + "; valid: " + valid);
    }

    int count() {
        return out.size();
    }
}
