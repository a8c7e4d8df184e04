package dev.tunnelkeeper.config;

import java.util.List;

/** Start-up stops: every problem found in the settings, one line each. */
public final class SettingsException extends Exception {
    private final List<String> problems;

    public SettingsException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
