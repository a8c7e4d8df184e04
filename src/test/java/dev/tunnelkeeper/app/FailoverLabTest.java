package dev.tunnelkeeper.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import dev.tunnelkeeper.testing.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The servers issue's promise, for real: with three servers, a restart never lands on the server that just died
 * (gluetun #1672, #3436), and when every server is down the attempts rotate with backoff until one returns.
 */
@Tag("lab")
class FailoverLabTest {
    private static final Duration UP = Duration.ofSeconds(30);

    @BeforeEach
    void needsTheLab() {
        LabSupport.assumeLabCanRun();
    }

    private static Map<String, String> env(Lab lab) throws Exception {
        Map<String, String> env = ProductRun.openVpnEnv(lab);
        env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
        // This test is about where restarts land, not about the seed's timing: short windows keep it quick.
        env.put("HEALTH_SUCCESS_WAIT_DURATION", "500ms");
        env.put("HEALTH_VPN_DURATION_INITIAL", "2s");
        env.put("HEALTH_VPN_DURATION_ADDITION", "1s");
        return env;
    }

    @Test
    void killingTheCurrentServerTwentyTimesNeverReconnectsToTheDeadOne() throws Exception {
        try (Lab lab = Lab.start(3); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            List<String> firstChoices = new ArrayList<>();
            for (int kill = 1; kill <= 20; kill++) {
                String current = answerFromTarget(lab, tk);
                int index = Integer.parseInt(current.substring(1));
                int connectsBefore = tk.connects().size();
                long healthyBefore = tk.count("INFO [healthcheck] healthy!");
                lab.stopOpenVpnServer(index);
                assertTrue(Poll.until(UP, () -> tk.connects().size() > connectsBefore), "a reconnect after kill " + kill + "; log:\n" + tk.log());
                String next = tk.connects().get(connectsBefore);
                firstChoices.add(current + "->" + next);
                assertNotEquals(current, next, "kill " + kill + ": the first restart went back to the dead server " + current);
                tk.await("INFO [healthcheck] healthy!", (int) healthyBefore + 1, UP);
                lab.startOpenVpnServer(index);
            }
            assertEquals(20, firstChoices.size());
            assertTrue(new HashSet<>(firstChoices).size() > 1, "the choices vary: " + firstChoices);
        }
    }

    @Test
    void whenEveryServerIsDownAttemptsRotateWithBackoffUntilOneReturns() throws Exception {
        try (Lab lab = Lab.start(3); ProductRun tk = ProductRun.start(lab, env(lab))) {
            tk.await("INFO [healthcheck] healthy!", 1, UP);
            for (int i = 1; i <= 3; i++) {
                lab.stopOpenVpnServer(i);
            }
            int connectsBefore = tk.connects().size();
            assertTrue(Poll.until(Duration.ofSeconds(60), () -> tk.connects().size() >= connectsBefore + 4),
                    "attempts go on; log:\n" + tk.log());
            List<String> attempts = tk.connects().subList(connectsBefore, connectsBefore + 4);
            assertTrue(new HashSet<>(attempts.subList(0, 3)).size() == 3, "the first three attempts try three servers: " + attempts);
            assertTrue(Poll.until(Duration.ofSeconds(30), () -> tk.count("(3 failed in a row)") >= 1),
                    "failed attempts back off, longer each time; log:\n" + tk.log());
            // No tunnel: the kill switch refuses the health check at once (the seed's "connection refused"), and the
            // target, reachable only through a tunnel, is unreachable from the namespace.
            assertTrue(Poll.until(Duration.ofSeconds(30),
                    () -> tk.count("dial tcp 172.16.99.1:443: connect: connection refused") >= 1), tk.log());
            assertTrue(!lab.dialTarget(Duration.ofSeconds(1)).connected(), "the target is unreachable without a tunnel");
            lab.startOpenVpnServer(2);
            tk.await("INFO [healthcheck] healthy!", 2, Duration.ofSeconds(90));
            assertEquals("s2", answerFromTarget(lab, tk));
        }
    }

    private static String answerFromTarget(Lab lab, ProductRun tk) {
        String[] answer = new String[1];
        assertTrue(Poll.until(Duration.ofSeconds(10), () -> (answer[0] = lab.dialTarget(Duration.ofSeconds(2)).answer()) != null
                && answer[0].startsWith("s")), "the target answers through the tunnel; log:\n" + tk.log());
        return answer[0];
    }
}
