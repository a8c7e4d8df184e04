package dev.tunnelkeeper.firewall;

import java.util.regex.Pattern;

/**
 * Interface names go into iptables-restore input as they are: only plain names are let through, so a strange
 * name can never add a word (or a line) to the rules.
 */
final class InterfaceNames {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

    private InterfaceNames() {
    }

    static boolean isPlain(String name) {
        return PLAIN.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }
}
