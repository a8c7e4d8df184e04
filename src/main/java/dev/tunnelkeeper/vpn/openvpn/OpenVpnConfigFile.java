package dev.tunnelkeeper.vpn.openvpn;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's .ovpn file (OPENVPN_CUSTOM_CONFIG) read as lines, knowing which lines are options and which are the
 * contents of inline blocks such as {@code <ca>...</ca>} (never to be parsed as options).
 */
public record OpenVpnConfigFile(Path path, List<Line> lines) {
    private static final Pattern BLOCK_OPEN = Pattern.compile("^<([A-Za-z0-9_-]+)>$");

    /** One line as written; {@code block} is the inline block it belongs to (its tags included), or empty. */
    public record Line(String text, Optional<String> block) {
        /** The option name (first word, a leading "--" dropped) of an option line; empty for comments and blanks. */
        public String keyword() {
            String t = text.strip();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith(";")) {
                return "";
            }
            String first = t.split("\\s+", 2)[0];
            return first.startsWith("--") ? first.substring(2) : first;
        }

        /** The words after the option name. */
        public List<String> arguments() {
            String[] words = text.strip().split("\\s+");
            return words.length <= 1 ? List.of() : List.of(words).subList(1, words.length);
        }

        boolean isOption() {
            return block.isEmpty() || block.get().equals("connection");
        }
    }

    /** The first {@code remote} line's host, and its port and protocol when written. */

    public OpenVpnConfigFile {
        lines = List.copyOf(lines);
    }

    public static OpenVpnConfigFile read(Path path) throws IOException {
        return parse(path, Files.readAllLines(path, StandardCharsets.UTF_8));
    }

    public static OpenVpnConfigFile parse(Path path, List<String> text) {
        List<Line> lines = new ArrayList<>();
        String block = null;
        for (String raw : text) {
            String t = raw.strip();
            if (block == null) {
                Matcher open = BLOCK_OPEN.matcher(t);
                if (open.matches()) {
                    block = open.group(1);
                }
                lines.add(new Line(raw, Optional.ofNullable(block)));
            } else {
                lines.add(new Line(raw, Optional.of(block)));
                if (t.equals("</" + block + ">")) {
                    block = null;
                }
            }
        }
        return new OpenVpnConfigFile(path, lines);
    }

    /** Option lines: outside inline blocks, or inside {@code <connection>} blocks (whose content is options). */
    public List<Line> options() {
        return lines.stream().filter(Line::isOption).filter(l -> !l.keyword().isEmpty())
                .filter(l -> !l.keyword().startsWith("<")).toList();
    }

    public Optional<Line> firstOption(String keyword) {
        return options().stream().filter(l -> l.keyword().equals(keyword)).findFirst();
    }

    public boolean hasOption(String keyword) {
        return firstOption(keyword).isPresent();
    }

}
