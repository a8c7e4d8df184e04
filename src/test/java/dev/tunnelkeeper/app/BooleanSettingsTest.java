package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.SettingSpec;
import dev.tunnelkeeper.config.SettingsCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every boolean setting, whichever section parses it, is read by the one boolean reader: same words, same line. */
class BooleanSettingsTest {
    @TempDir
    Path dir;

    private List<String> problems(String env, String value) throws Exception {
        Map<String, String> all = new HashMap<>();
        all.put("TK_CONFIG", Path.of("config", "tunnelkeeper.yaml").toString());
        all.put("OPENVPN_CUSTOM_CONFIG", Files.writeString(dir.resolve("c.ovpn"), "remote 127.0.0.1 1194\nca ca.crt\n").toString());
        all.put(env, value);
        List<String> problems = new ArrayList<>();
        SettingsAssembly.read(all, problems);
        return problems;
    }

    @Test
    void blanksAroundAWordAreAcceptedAndAnyOtherWordIsTheSameLine() throws Exception {
        List<SettingSpec> booleans = SettingsCatalog.ALL.stream()
                .filter(s -> s.defaultValue().equals("on") || s.defaultValue().equals("off")).toList();
        assertTrue(booleans.size() >= 15, booleans.toString());
        for (SettingSpec spec : booleans) {
            for (String word : List.of(" on ", "OFF", "yes ", "\tno", "True", "false")) {
                assertFalse(problems(spec.env(), word).stream().anyMatch(p -> p.contains("not a boolean")),
                        spec.env() + "=\"" + word + "\"");
            }
            List<String> bad = problems(spec.env(), "maybe").stream().filter(p -> p.startsWith(spec.env() + "=")).toList();
            assertEquals(1, bad.size(), spec.env() + ": " + bad);
            assertTrue(bad.get(0).startsWith(spec.env() + "=\"maybe\": not a boolean; valid: on, off, yes, no, true or false"),
                    bad.get(0));
        }
    }
}
