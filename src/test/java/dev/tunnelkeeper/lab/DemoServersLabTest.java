package dev.tunnelkeeper.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's server lab prints its facts, obeys fault commands, and tears down on EOF and on SIGTERM. */
@Tag("lab")
@Timeout(120)
class DemoServersLabTest {
    @BeforeAll
    static void labCanRun() {
        LabSupport.assumeLabCanRun();
    }

    @Test
    void printsFactsObeysCommandsAndTearsDownOnEndOfInput() throws Exception {
        Process demo = startDemo();
        Map<String, String> facts = readFacts(demo);
        assertEquals("2", facts.get("SERVER_COUNT"));
        assertEquals("172.16.99.1:443", facts.get("HEALTH_TARGET"));
        assertEquals("10.202.0.2:51820", facts.get("SERVER_2_WIREGUARD_ENDPOINT"));
        assertTrue(Commands.check(List.of(LabTools.path("ip"), "netns", "list")).contains(facts.get("CLIENT_NAMESPACE")));

        PrintStream commands = new PrintStream(demo.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader replies = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        for (String command : List.of("stop-openvpn 1", "start-openvpn 1", "blackhole 2 on", "blackhole 2 off")) {
            commands.println(command);
            assertEquals("OK " + command, replies.readLine());
        }
        commands.println("stop-openvpn 9");
        assertTrue(replies.readLine().startsWith("ERROR stop-openvpn 9: "));
        commands.close();

        assertTrue(demo.waitFor(20, TimeUnit.SECONDS), "demo did not exit on end of input");
        assertEquals(0, demo.exitValue());
        assertEquals(List.of(), LabTraces.of(facts.get("LAB_PREFIX"), List.of(), Path.of(facts.get("LAB_DIR"))));
    }

    @Test
    void tearsDownOnSigterm() throws Exception {
        Process demo = startDemo();
        Map<String, String> facts = readFacts(demo);

        demo.destroy();

        assertTrue(demo.waitFor(20, TimeUnit.SECONDS), "demo did not exit on SIGTERM");
        assertEquals(List.of(), LabTraces.of(facts.get("LAB_PREFIX"), List.of(), Path.of(facts.get("LAB_DIR"))));
    }

    @Test
    void labOfAKilledJvmIsSweptByTheNextStart() throws Exception {
        Process demo = startDemo();
        Map<String, String> facts = readFacts(demo);
        demo.destroyForcibly(); // SIGKILL: no exit hook runs, the lab is left behind
        assertTrue(demo.waitFor(20, TimeUnit.SECONDS));
        Path labDir = Path.of(facts.get("LAB_DIR"));

        List<String> swept = LabJanitor.sweepAbandoned(labDir.getParent());

        assertTrue(swept.contains(facts.get("LAB_PREFIX")), "swept " + swept);
        assertEquals(List.of(), LabTraces.of(facts.get("LAB_PREFIX"), List.of(), labDir));
    }

    private static Process startDemo() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), LabDemoServers.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** Reads KEY=VALUE lines up to READY=1, without buffering past it (the replies follow on the same stream). */
    private static Map<String, String> readFacts(Process demo) throws IOException {
        Map<String, String> facts = new HashMap<>();
        while (!facts.containsKey("READY")) {
            String line = readLine(demo);
            if (line == null) {
                throw new AssertionError("demo closed its output before READY=1; facts so far: " + facts);
            }
            int equals = line.indexOf('=');
            facts.put(line.substring(0, equals), line.substring(equals + 1));
        }
        return facts;
    }

    private static String readLine(Process process) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = process.getInputStream().read(); c != '\n'; c = process.getInputStream().read()) {
            if (c < 0) {
                return null;
            }
            line.append((char) c);
        }
        return line.toString();
    }
}
