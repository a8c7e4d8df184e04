package dev.tunnelkeeper.lab;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bare wireguard-go client, with the same key and address for every server, reaches the target through each. */
class WireGuardLabTest extends TwoServerLabTestBase {
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bareClientReachesTargetThroughServer(int server) {
        try (BareClient client = BareClient.wireGuard(lab, server)) {
            LabAwait.assertTargetAnswers(lab, lab.serverName(server), Duration.ofSeconds(5), client);
        }
    }
}
