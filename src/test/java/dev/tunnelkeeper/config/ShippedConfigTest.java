package dev.tunnelkeeper.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** config/tunnelkeeper.yaml and the README's table list every setting, each with its real default. */
class ShippedConfigTest {
    private static final Path YAML = Path.of("config", "tunnelkeeper.yaml");

    @Test
    void theShippedFileHasEverySettingWithItsDefaultAndLoadsClean() throws Exception {
        Map<String, Object> tree = new Yaml().load(Files.readString(YAML));
        List<String> missing = new ArrayList<>();
        for (SettingSpec spec : SettingsCatalog.ALL) {
            String[] parts = spec.yamlKey().split("\\.");
            Object section = tree.get(parts[0]);
            if (!(section instanceof Map<?, ?> m) || !m.containsKey(parts[1])) {
                missing.add(spec.yamlKey());
                continue;
            }
            Object v = m.get(parts[1]);
            String text = v == null ? "" : v instanceof Boolean b ? (b ? "on" : "off") : String.valueOf(v);
            assertEquals(spec.defaultValue(), text, spec.yamlKey() + " shows the default");
            assertTrue(Files.readString(YAML).contains(spec.env()), spec.env() + " is named in the file");
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theReadmeTableListsEverySettingWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (SettingSpec spec : SettingsCatalog.ALL) {
            String row = "| `" + spec.env() + "` | `" + spec.yamlKey() + "` | " + (spec.defaultValue().isEmpty() ? "" : "`" + spec.defaultValue() + "`") + " |";
            assertTrue(readme.contains(row), "README lacks the row starting " + row);
        }
    }
}
