package dev.tunnelkeeper.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tunnelkeeper.testing.JavaProcess;
import dev.tunnelkeeper.testing.JavaProcess.Result;
import io.helidon.webserver.WebServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code healthcheck} as Docker runs it: a fresh JVM against a real health server. */
class HealthcheckCommandTest {
    private static final HealthState STATE = new HealthState(Instant.now());
    private static WebServer server;

    @BeforeAll
    static void startServer() {
        server = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> HealthServer.routing(r, STATE)).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static Map<String, String> env(int port) {
        return Map.of("HEALTH_SERVER_ADDRESS", "127.0.0.1:" + port);
    }

    @Test
    void healthyExitsZero() throws Exception {
        STATE.set(CheckResult.success(Instant.now(), Duration.ZERO, Duration.ofSeconds(3)));
        Result r = JavaProcess.run(JavaProcess.classesOnly(), List.of(), env(server.port()), "healthcheck");
        assertEquals(0, r.exit(), r.stderr());
        assertEquals("", r.stdout() + r.stderr());
    }

    @Test
    void unhealthyExitsOneAndPrintsStatusAndBody() throws Exception {
        STATE.set(CheckResult.failure(Instant.now(), Duration.ofSeconds(3), Duration.ofSeconds(3),
                "dial tcp 10.0.0.1:443: i/o timeout", ErrorKind.TIMEOUT));
        Result r = JavaProcess.run(JavaProcess.classesOnly(), List.of(), env(server.port()), "healthcheck");
        assertEquals(1, r.exit());
        assertEquals("HTTP response status is not OK: 500 Internal Server Error: dial tcp 10.0.0.1:443: i/o timeout",
                r.stderr().strip());
    }

    @Test
    void nothingListeningExitsOneWithAClearLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Result r = JavaProcess.run(JavaProcess.classesOnly(), List.of(), env(port), "healthcheck");
        assertEquals(1, r.exit());
        assertTrue(r.stderr().startsWith("healthcheck: nothing answers at http://127.0.0.1:" + port + "/"), r.stderr());
        assertEquals(1, r.stderr().strip().lines().count(), "one line, no stack trace");
    }

    @Test
    void aListenerThatNeverAnswersIsGivenUpAfterTwoSeconds() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) { // accepts (backlog) but never answers
            long start = System.nanoTime();
            Result r = JavaProcess.run(JavaProcess.classesOnly(), List.of(), env(silent.getLocalPort()), "healthcheck");
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(1, r.exit());
            assertTrue(r.stderr().contains("no answer from http://127.0.0.1:" + silent.getLocalPort() + "/ within 2000 ms"), r.stderr());
            // its own 2 s limit ended it (the listener never answers); how soon after the JVM start is BENCHMARKS.md's
            // business, not a verdict that a busy machine could flip (JavaProcess bounds a hang)
            assertTrue(ms >= 2_000, "took " + ms + " ms including JVM start");
        }
    }

    /**
     * Without HEALTH_SERVER_ADDRESS in the environment, the address the running instance published is asked: the YAML
     * file is not read (its first server_address: may be the control server's, which answered 401).
     */
    @Test
    void withoutTheEnvironmentTheInstancesPublishedAddressIsAsked(@TempDir Path run) throws Exception {
        STATE.set(CheckResult.success(Instant.now(), Duration.ZERO, Duration.ofSeconds(3)));
        HealthAddressFile.write(HealthAddressFile.location(Map.of("TK_RUN_DIR", run.toString())), "0.0.0.0", server.port());
        Path yaml = Files.writeString(run.resolve("tk.yaml"), "control:\n  server_address: 127.0.0.1:1\nhealth:\n  server_address: 127.0.0.1:2\n");
        Result r = JavaProcess.run(JavaProcess.classesOnly(), List.of(),
                Map.of("TK_RUN_DIR", run.toString(), "TK_CONFIG", yaml.toString()), "healthcheck");
        assertEquals(0, r.exit(), r.stderr());
    }

    @Test
    void theEnvironmentWinsOverThePublishedAddress(@TempDir Path run) throws Exception {
        HealthAddressFile.write(HealthAddressFile.location(Map.of("TK_RUN_DIR", run.toString())), "127.0.0.1", 1);
        HealthcheckCommand.Target t = HealthcheckCommand.target(Map.of("TK_RUN_DIR", run.toString(),
                "HEALTH_SERVER_ADDRESS", ":" + server.port()));
        assertEquals(new HealthcheckCommand.Target("127.0.0.1", server.port(), "env"), t);
        assertEquals(new HealthcheckCommand.Target("127.0.0.1", 1, "file"),
                HealthcheckCommand.target(Map.of("TK_RUN_DIR", run.toString())));
        assertEquals(new HealthcheckCommand.Target("127.0.0.1", 9999, "default"),
                HealthcheckCommand.target(Map.of("TK_RUN_DIR", run.resolve("absent").toString())));
    }

    @Test
    void loadsNoHelidonNorGraalClassEvenWithTheFullClasspath() throws Exception {
        STATE.set(CheckResult.success(Instant.now(), Duration.ZERO, Duration.ofSeconds(3)));
        Result r = JavaProcess.run(JavaProcess.fullClasspath(), List.of("-verbose:class"), env(server.port()), "healthcheck");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().contains("dev.tunnelkeeper.health.HealthcheckCommand"), "the class log is on");
        assertFalse(r.stdout().contains("io.helidon"), "no Helidon class loaded");
        assertFalse(r.stdout().contains("org.graalvm"), "no GraalVM class loaded");
        assertFalse(r.stdout().contains("org.yaml"), "no YAML library loaded");
    }
}
