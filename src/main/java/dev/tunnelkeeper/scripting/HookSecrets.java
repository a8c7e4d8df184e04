package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.Secret;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HOOK_SECRET_&lt;NAME&gt; values, by NAME, and the mask that keeps them out of every text the host writes: log
 * lines, errors, the control API and the status page show {@code [HOOK_SECRET_NAME]} where a value stood.
 */
final class HookSecrets {
    static final HookSecrets NONE = new HookSecrets(Map.of());

    private final Map<String, Secret> byName;
    // longest first, so a value that contains another is masked whole
    private final List<Map.Entry<String, Secret>> longestFirst;

    HookSecrets(Map<String, Secret> byName) {
        this.byName = Map.copyOf(byName);
        this.longestFirst = byName.entrySet().stream()
                .filter(e -> e.getValue().value().length() >= 3)
                .sorted(Comparator.comparingInt((Map.Entry<String, Secret> e) -> e.getValue().value().length()).reversed())
                .map(e -> Map.entry(e.getKey(), e.getValue()))
                .toList();
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(byName.get(name)).map(Secret::value);
    }

    String mask(String text) {
        if (text == null || longestFirst.isEmpty()) {
            return text;
        }
        String out = text;
        for (Map.Entry<String, Secret> e : longestFirst) {
            out = out.replace(e.getValue().value(), "[" + HookSettingsParser.SECRET_PREFIX + e.getKey() + "]");
        }
        return out;
    }

    HookError mask(HookError e) {
        String m = mask(e.message());
        return m.equals(e.message()) ? e : new HookError(e.file(), e.line(), e.hook(), e.kind(), m, e.at());
    }
}
