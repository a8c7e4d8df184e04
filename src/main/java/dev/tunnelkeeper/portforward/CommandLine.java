package dev.tunnelkeeper.portforward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command line as VPN_PORT_FORWARDING_UP_COMMAND writes it, split into a program and its arguments without a
 * shell: words are separated by blanks; '...' and "..." keep blanks in a word (no escapes inside ''; \" and \\
 * inside ""). Placeholders are replaced inside each word after splitting, so a value can never become two words.
 */
public final class CommandLine {
    private CommandLine() {
    }

    /** The words; throws IllegalArgumentException for an unclosed quote. */
    public static List<String> split(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** The words with each {{NAME}} replaced by its value. */
    public static List<String> expand(List<String> words, Map<String, String> values) {
        List<String> out = new ArrayList<>(words.size());
        for (String word : words) {
            String w = word;
            for (Map.Entry<String, String> e : values.entrySet()) {
                w = w.replace("{{" + e.getKey() + "}}", e.getValue());
            }
            out.add(w);
        }
        return out;
    }
}
