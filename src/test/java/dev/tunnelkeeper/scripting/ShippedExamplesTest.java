package dev.tunnelkeeper.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example loads clean, says what problem it solves, and passes its fixture through the test kit. */
class ShippedExamplesTest {
    private static final Path EXAMPLES = Path.of("scripts", "examples");

    static Stream<Path> examples() throws Exception {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(p -> p.toString().endsWith(".mjs")).sorted().toList().stream();
        }
    }

    @Test
    void theSixExamplesAreShipped() throws Exception {
        assertEquals(List.of("avoid-dead-servers.mjs", "outage-aware.mjs", "outage-notifier.mjs", "priority-failback.mjs",
                        "rotate-periodically.mjs", "tunnel-webhook.mjs"),
                examples().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void passesItsFixture(Path example) {
        Path fixture = TestHookCommand.defaultFixture(example);
        assertTrue(Files.isRegularFile(fixture), "each example has a fixture: " + fixture);
        Run run = run(out -> TestHookCommand.run(List.of(example.toString()), Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(0, run.code, run.output);
        assertTrue(run.output.contains("passed: "), run.output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void saysWhichProblemItSolves(Path example) throws Exception {
        String text = Files.readString(example);
        assertTrue(text.startsWith("// " + example.getFileName() + ": "), "the first line says what it does");
        assertTrue(text.contains("// The problem (gluetun #"), "it names the user problem it solves");
        assertTrue(Files.readString(Path.of("scripts", "README.md")).contains("`" + example.getFileName() + "`"),
                "the README lists it");
    }

    @Test
    void checkScriptsFindsNoProblemInTheExamples() {
        Run run = run(out -> CheckScriptsCommand.run(List.of(EXAMPLES.toString()), Map.of(), out, out, HookTesting.GENEROUS));
        assertEquals(0, run.code, run.output);
        assertTrue(run.output.contains("checked 6 file(s): no problems"), run.output);
    }

    @Test
    void theExamplesAreNotActiveByDefault() {
        // SCRIPTS_DIR defaults to scripts/, whose *.mjs are loaded; the examples live one level down
        assertEquals(Path.of("scripts"), dev.tunnelkeeper.config.HookSettings.DEFAULT_DIR);
        try (Stream<Path> top = Files.list(Path.of("scripts"))) {
            assertEquals(List.of(), top.filter(p -> p.toString().endsWith(".mjs")).toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    record Run(int code, String output) {
    }

    static Run run(java.util.function.ToIntFunction<PrintStream> command) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = command.applyAsInt(out);
        }
        return new Run(code, bytes.toString(StandardCharsets.UTF_8));
    }
}
