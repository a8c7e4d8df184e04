package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lab names stay unique per lab and within Linux's 15-character interface limit. */
class LabNamesTest {
    private final LabNames names = new LabNames("tk1a2b");

    @Test
    void namespacesCarryThePrefix() {
        assertEquals(List.of("tk1a2b-cli", "tk1a2b-lan", "tk1a2b-s1", "tk1a2b-s2"), names.namespaces(2));
    }

    @Test
    void interfaceNamesFitFifteenCharacters() {
        assertEquals("tk1a2b-w50", names.wireGuardServerInterface(50));
        assertEquals("tk1a2b-abcdefgh", names.interfaceName("abcdefgh"));
        assertThrows(IllegalArgumentException.class, () -> names.interfaceName("abcdefghi"));
        assertThrows(IllegalArgumentException.class, () -> names.interfaceName("a-b"));
    }

    @Test
    void ownsOnlyItsOwnNames() {
        assertTrue(names.owns("tk1a2b-cli"));
        assertFalse(names.owns("tk1a2bc-cli"));
        assertFalse(names.owns("tk1a2"));
    }

    @Test
    void uniquePrefixIsTkAndFourHexDigits() {
        assertTrue(LabNames.unique().prefix().matches("tk[0-9a-f]{4}"));
    }
}
