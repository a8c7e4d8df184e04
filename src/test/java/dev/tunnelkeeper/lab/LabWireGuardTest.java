package dev.tunnelkeeper.lab;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A bare wireguard-go client, with the same key and address for every server, reaches the target through each. */
@Tag("lab")
@Timeout(120)
class LabWireGuardTest {
    private static Lab lab;

    @BeforeAll
    static void startLab() {
        LabSupport.assumeLabCanRun();
        lab = Lab.start(2);
    }

    @AfterAll
    static void closeLab() {
        if (lab != null) {
            lab.close();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bareClientReachesTargetThroughServer(int server) {
        try (BareClient client = BareClient.wireGuard(lab, server)) {
            LabAwait.assertTargetAnswers(lab, lab.serverName(server), Duration.ofSeconds(5), client);
        }
    }
}
