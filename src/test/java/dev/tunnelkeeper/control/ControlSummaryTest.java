package dev.tunnelkeeper.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tunnelkeeper.config.PublicIpSettings;
import dev.tunnelkeeper.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControlSummaryTest {
    @Test
    void rolesAndTokenAreShownMasked() {
        List<String> lines = ControlSummary.lines(ControlFixtures.settings(ControlFixtures.ROLES),
                new PublicIpSettings(true, URI.create("https://ipinfo.io/json"), Path.of("/tmp/tunnelkeeper/ip"), new Secret("tok")));
        assertEquals("|   └── Roles: role reader (apikey, 3 routes); role admin (basic as admin, 1 routes); role built-in probes (none, 3 routes)",
                lines.get(3));
        assertEquals("|   └── Lookup: on, API https://ipinfo.io/json, file /tmp/tunnelkeeper/ip, token [set]", lines.get(5));
        String all = String.join("\n", lines);
        assertFalse(all.contains(ControlFixtures.READER_KEY) || all.contains(ControlFixtures.ADMIN_PASSWORD) || all.contains("tok,"));
    }
}
