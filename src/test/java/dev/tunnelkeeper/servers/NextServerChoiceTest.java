package dev.tunnelkeeper.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.config.Protocol;
import dev.tunnelkeeper.log.LogCapture;
import dev.tunnelkeeper.time.VirtualScheduler;
import dev.tunnelkeeper.vpn.NextServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The one "connect to this next" of the control API's switch and the hooks' switch: a named server wins over the
 * selection, a server to avoid is left out of it (unless it is the only one), and the wish is for that choice only.
 */
class NextServerChoiceTest {
    private final VirtualScheduler time = new VirtualScheduler();
    private final Server a = Fixtures.openvpn(0, "a", "Sweden", "", "Stockholm", "203.0.113.10");
    private final Server b = Fixtures.openvpn(1, "b", "Norway", "", "Oslo", "198.51.100.20");
    private final Server c = Fixtures.openvpn(2, "c", "Finland", "", "Helsinki", "198.51.100.30");

    private CatalogConnectionSource ordered(Server... servers) {
        return new CatalogConnectionSource(List.of(servers), new OrderedSelector(), Duration.ofMinutes(5),
                new EndpointRules(Protocol.UDP, Optional.empty(), Optional.empty()), time);
    }

    @Test
    void aNamedServerWinsOverTheSelectionForThatChoiceOnly() {
        CatalogConnectionSource source = ordered(a, b, c);
        assertEquals("c", source.next(NextServer.named("c")).serverName());
        assertEquals("a", source.next().serverName(), "the next choice is the selection's again");
    }

    @Test
    void aServerToAvoidIsLeftOutUnlessItIsTheOnlyOne() {
        assertEquals("b", ordered(a, b, c).next(new NextServer(Optional.empty(), Optional.of("a"))).serverName());
        assertEquals("a", ordered(a).next(new NextServer(Optional.empty(), Optional.of("a"))).serverName());
    }

    @Test
    void aNameThatIsNoCandidateLeavesTheChoiceToTheSelectionWithoutTheOneToAvoid() {
        try (LogCapture log = new LogCapture()) {
            assertEquals("b", ordered(a, b, c).next(new NextServer(Optional.of("gone"), Optional.of("a"))).serverName());
            assertTrue(log.lines().contains("INFO [servers] the server asked for, gone, is not one of the servers to choose "
                    + "from: the selection chooses"), log.lines()::toString);
        }
    }
}
