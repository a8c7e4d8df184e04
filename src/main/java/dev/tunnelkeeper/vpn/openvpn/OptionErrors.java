package dev.tunnelkeeper.vpn.openvpn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * openvpn's {@code Options error:} lines, which it prints before it touches the network and which no retry can heal,
 * turned into problems a user can act on: the setting to change, the line of the user's file (openvpn names the line
 * of our rewritten copy), what is wrong and what would be valid. Collected on the output reader's thread.
 */
final class OptionErrors {
    static final String PREFIX = "Options error: ";
    private static final Pattern UNRECOGNIZED = Pattern.compile(
            "^Unrecognized option or missing or extra parameter\\(s\\) in (.+):(\\d+): (\\S+) \\(([^)]*)\\)$");
    private static final Pattern FILE_FAILS = Pattern.compile("^--(\\S+) fails with '(.*)': (.*)$");
    private static final Pattern UNSUPPORTED_CIPHER = Pattern.compile("^Unsupported cipher in --(\\S+): (.*)$");
    private static final Pattern IN_FILE = Pattern.compile("\\bin (\\S+):(\\d+)\\b");
    private static final String CMD_LINE = "[CMD-LINE]";
    private static final String AUTH_PROMPT = "can't ask for 'Enter Auth Username:'";

    private final OpenVpnConfigFile user;
    private final OpenVpnConfig.Built built;
    private final List<String> flags;
    private final List<String> ciphers;
    private final List<String> problems = new ArrayList<>();
    private final List<String> unsupportedCiphers = new ArrayList<>();
    private String version = "2.6";

    /**
     * @param user     OPENVPN_CUSTOM_CONFIG as read
     * @param built    what openvpn runs, with the user's line behind each of its lines
     * @param settings the OPENVPN_* settings (OPENVPN_FLAGS, OPENVPN_CIPHERS)
     */
    OptionErrors(OpenVpnConfigFile user, OpenVpnConfig.Built built, dev.tunnelkeeper.config.OpenVpnSettings settings) {
        this.user = user;
        this.built = built;
        this.flags = settings.flags();
        this.ciphers = settings.ciphers();
    }

    /** Looks at one output line; true when it is part of a configuration error (the tunnel cannot come up). */
    boolean offer(String line) {
        Matcher cipher = UNSUPPORTED_CIPHER.matcher(line);
        if (cipher.find()) {
            unsupportedCiphers.add(cipher.group(2).strip());
            return true;
        }
        if (line.contains(AUTH_PROMPT)) {
            problems.add(authPrompt());
            return true;
        }
        if (!line.startsWith(PREFIX) || isPushed(line)) {
            return false;
        }
        String error = line.substring(PREFIX.length()).strip();
        if (!error.equals("Please correct these errors.")) {
            problems.add(explain(error));
        }
        return true;
    }

    /**
     * An option the server pushed that openvpn does not take here (servers push Windows' block-outside-dns): openvpn
     * says "Options error" for it too, but ignores it and goes on. Not the user's configuration.
     */
    static boolean isPushed(String line) {
        return line.contains("[PUSH-OPTIONS]");
    }

    /** The problems seen so far, one line each. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    private String explain(String error) {
        Matcher unrecognized = UNRECOGNIZED.matcher(error);
        if (unrecognized.matches()) {
            version = unrecognized.group(4);
            String option = unrecognized.group(3);
            if (unrecognized.group(1).equals(CMD_LINE)) {
                return flagsProblem("openvpn " + version + " does not know --" + option + ", or not with these arguments",
                        "flags openvpn " + version + " accepts (openvpn --help lists them), or leave --" + option + " out");
            }
            return atBuiltLine(Integer.parseInt(unrecognized.group(2)),
                    "openvpn " + version + " does not know the option \"" + option + "\", or not with these arguments",
                    "the option as openvpn " + version + "'s manual writes it, or remove the line");
        }
        Matcher fails = FILE_FAILS.matcher(error);
        if (fails.matches()) {
            String option = fails.group(1);
            String what = "the file " + fails.group(2) + " cannot be read: " + fails.group(3);
            String valid = "the path of the file, absolute or relative to the .ovpn's directory (" + directory()
                    + "), or its contents inline in a <" + option + ">...</" + option + "> block";
            return atOption(option, what, valid).orElseGet(() -> flagsProblem("--" + option + ": " + what, valid));
        }
        if (error.startsWith("No client-side authentication method is specified")) {
            return customConfig() + ": openvpn has no way to log in: no auth-user-pass, no cert and key, no pkcs12; valid: "
                    + "set OPENVPN_USER and OPENVPN_PASSWORD (your provider's service credentials), or add your cert and key to the file";
        }
        if (error.startsWith("You must define CA file")) {
            return customConfig() + ": no CA certificate to check the server with; valid: your provider's ca line or <ca>...</ca> block";
        }
        if (error.contains("-ciphers list contains unsupported ciphers")) {
            String which = unsupportedCiphers.isEmpty() ? "" : " " + String.join(", ", unsupportedCiphers);
            String what = "openvpn " + version + " does not support the cipher" + which;
            String valid = "ciphers it supports, such as AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305 (openvpn --show-ciphers lists them)";
            if (!ciphers.isEmpty()) {
                return "OPENVPN_CIPHERS=\"" + String.join(",", ciphers) + "\": " + what + "; valid: " + valid;
            }
            return atOption("data-ciphers", what, valid)
                    .or(() -> atOption("ncp-ciphers", what, valid))
                    .orElseGet(() -> customConfig() + ": " + what + "; valid: " + valid);
        }
        Matcher inFile = IN_FILE.matcher(error);
        if (inFile.find() && !inFile.group(1).equals(CMD_LINE)) {
            return atBuiltLine(Integer.parseInt(inFile.group(2)), "openvpn refuses it: " + error,
                    "a configuration openvpn " + version + " accepts");
        }
        return customConfig() + " with OPENVPN_FLAGS=\"" + String.join(" ", flags) + "\": openvpn refuses it: " + error
                + "; valid: a configuration openvpn " + version + " accepts";
    }

    private String authPrompt() {
        Optional<String> line = lineOf("auth-user-pass");
        return "OPENVPN_USER is not set, but " + customConfig() + line.map(l -> " " + l).orElse("")
                + " asks for a user name and password; valid: set OPENVPN_USER and OPENVPN_PASSWORD";
    }

    private String atBuiltLine(int builtLine, String what, String valid) {
        int origin = built.origin(builtLine);
        if (origin == 0) {
            return "an option tunnelkeeper adds (\"" + builtText(builtLine) + "\", from the OPENVPN_* settings): " + what
                    + "; valid: " + valid;
        }
        return customConfig() + " " + describe(origin) + ": " + what + "; valid: " + valid;
    }

    private Optional<String> atOption(String keyword, String what, String valid) {
        return lineOf(keyword).map(line -> customConfig() + " " + line + ": " + what + "; valid: " + valid);
    }

    /** {@code line 12 ("key client.key")} of the first option line with this keyword in the user's file. */
    private Optional<String> lineOf(String keyword) {
        for (int i = 0; i < user.lines().size(); i++) {
            OpenVpnConfigFile.Line line = user.lines().get(i);
            if (line.isOption() && line.keyword().equals(keyword)) {
                return Optional.of(describe(i + 1));
            }
        }
        return Optional.empty();
    }

    private String describe(int userLine) {
        return "line " + userLine + " (\"" + user.lines().get(userLine - 1).text().strip() + "\")";
    }

    private String builtText(int builtLine) {
        return builtLine >= 1 && builtLine <= built.lines().size() ? built.lines().get(builtLine - 1).strip() : "?";
    }

    private String flagsProblem(String what, String valid) {
        return "OPENVPN_FLAGS=\"" + String.join(" ", flags) + "\": " + what + "; valid: " + valid;
    }

    private String customConfig() {
        return "OPENVPN_CUSTOM_CONFIG=\"" + user.path() + "\"";
    }

    private String directory() {
        Path parent = user.path().toAbsolutePath().getParent();
        return parent == null ? "/" : parent.toString();
    }
}
