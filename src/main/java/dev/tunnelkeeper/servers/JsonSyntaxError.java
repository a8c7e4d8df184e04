package dev.tunnelkeeper.servers;

import jakarta.json.stream.JsonParsingException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JSON parse error in the words of the file's author: the line, the column and what was found instead of what.
 * Parsson's messages speak of tokens (CURLYCLOSE) and its location at the end of the input is wrong, so the end of a
 * truncated file is located from the text itself. For a bad token parsson gives the column where the token ends.
 */
record JsonSyntaxError(long line, long column, String what) {
    private static final Pattern TOKEN = Pattern.compile("Invalid token=(\\w+).*?Expected tokens are: \\[([A-Z, ]*)]");
    private static final Pattern CHAR = Pattern.compile("Unexpected char (-?\\d+)");
    private static final Pattern AFTER_END = Pattern.compile("Expected EOF token, but got (\\w+)");
    private static final Map<String, String> TOKENS = Map.ofEntries(
            Map.entry("CURLYOPEN", "'{'"), Map.entry("CURLYCLOSE", "'}'"), Map.entry("SQUAREOPEN", "'['"),
            Map.entry("SQUARECLOSE", "']'"), Map.entry("COLON", "':'"), Map.entry("COMMA", "','"),
            Map.entry("STRING", "a string"), Map.entry("NUMBER", "a number"), Map.entry("TRUE", "true"),
            Map.entry("FALSE", "false"), Map.entry("NULL", "null"), Map.entry("EOF", "the end of the file"));

    /** @param text the whole input, or null when it is too large to hold: an early end is then placed by the parser */
    static JsonSyntaxError of(JsonParsingException e, String text) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        Matcher token = TOKEN.matcher(message);
        Matcher character = CHAR.matcher(message);
        boolean truncated = token.find() && token.group(1).equals("EOF")
                || character.find() && character.group(1).equals("-1");
        if (truncated && text == null) {
            return new JsonSyntaxError(e.getLocation().getLineNumber(), e.getLocation().getColumnNumber(),
                    "the file ends too early: a closing ']' or '}' is missing");
        }
        if (truncated) {
            // Parsson's expected tokens at the end of the input are unreliable too: say what is likely instead.
            return atEnd(text, text.isBlank() ? "the file is empty" : "the file ends too early: a closing ']' or '}' is missing");
        }
        long line = e.getLocation().getLineNumber();
        long column = e.getLocation().getColumnNumber();
        if (token.find(0)) {
            return new JsonSyntaxError(line, column, "found " + name(token.group(1)) + expected(token));
        }
        Matcher afterEnd = AFTER_END.matcher(message);
        if (afterEnd.find()) {
            return new JsonSyntaxError(line, column, "found " + name(afterEnd.group(1)) + " after the end of the JSON value");
        }
        if (character.find(0)) {
            return new JsonSyntaxError(line, column, "unexpected character '" + (char) Integer.parseInt(character.group(1)) + "'");
        }
        return new JsonSyntaxError(line, column, message.replaceAll("\\s*at \\(line no=.*?\\)[.,]?", "").strip());
    }

    String describe() {
        return "not valid JSON at line " + line + ", column " + column + ": " + what;
    }

    private static String expected(Matcher token) {
        if (!token.find(0) || token.group(2).isBlank()) {
            return "";
        }
        List<String> names = Arrays.stream(token.group(2).split(",\\s*")).map(JsonSyntaxError::name).toList();
        return "; expected " + (names.size() == 1 ? names.get(0) : "one of " + String.join(", ", names));
    }

    private static String name(String token) {
        return TOKENS.getOrDefault(token, token);
    }

    // Just after the last character that is not blank: where the missing ']' or '}' belongs.
    private static JsonSyntaxError atEnd(String text, String what) {
        String content = text.stripTrailing();
        int lineStart = content.lastIndexOf('\n') + 1;
        long line = content.chars().filter(c -> c == '\n').count() + 1;
        return new JsonSyntaxError(line, content.length() - lineStart + 1, what);
    }
}
