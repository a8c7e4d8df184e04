package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.time.VirtualScheduler;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tunnelkeeper test-hook <file.mjs> [fixture.json]}: plays a recorded sequence of events against one hook
 * file and prints each answer, checking it against the fixture's expectations. Without a fixture argument,
 * {@code <file>.test.json} beside the script is used. A file named without a directory that is not in the current
 * one is looked for in the scripts directory of the settings (SCRIPTS_DIR over hooks.scripts_dir of the YAML file
 * over {@code scripts}, the hook settings only, as check-scripts reads them). Exit 0 when every step passes, 1
 * otherwise, 2 for bad usage or a problem in the hook settings.
 * Calls are limited to {@link HookSettingsParser#MAX_TIMEOUT}: the kit tests behaviour, not speed.
 */
public final class TestHookCommand {

    private TestHookCommand() {
    }

    /** @param env the environment: read for the hook settings only when the file is named without a directory */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, HookSettingsParser.MAX_TIMEOUT);
    }

    /** @param callLimit the time limit of each call; the command passes the longest HOOK_TIMEOUT allows */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Duration callLimit) {
        if (args.isEmpty() || args.size() > 2) {
            err.println("usage: tunnelkeeper test-hook <file.mjs> [fixture.json]  (default fixture: <file>.test.json)");
            return 2;
        }
        Path script = Path.of(args.get(0));
        if (!Files.exists(script) && script.getParent() == null) {
            List<String> problems = new ArrayList<>();
            HookSettings settings = HookSettingsParser.read(env, problems);
            if (!problems.isEmpty()) {
                return HookSettingsParser.report("test-hook", problems, err);
            }
            script = settings.scriptsDir().resolve(script);
            if (!Files.exists(script)) {
                err.println("test-hook: no file " + args.get(0) + " here nor in the scripts directory "
                        + settings.scriptsDir() + " (SCRIPTS_DIR)");
                return 1;
            }
        }
        Path fixturePath = args.size() == 2 ? Path.of(args.get(1)) : defaultFixture(script);
        HookFixture fixture;
        HookSource source;
        try {
            source = HookSource.read(script);
            fixture = readFixture(fixturePath);
        } catch (IOException e) {
            err.println("test-hook: cannot read " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(fixturePath + ": " + e.getMessage().replace("\n", "\n" + fixturePath + ": "));
            return 1;
        }
        // the fixture's fetchAllow wins; else HOOK_FETCH_ALLOW as run reads it (its problems are run's to report)
        List<String> fetchAllow = HookSettingsParser.read(env, new ArrayList<>()).fetchAllow();
        return play(source, script, fixture, fixturePath, out, callLimit, fetchAllow);
    }

    /** The fixture beside a script: {@code x.mjs} -> {@code x.test.json}. */
    static Path defaultFixture(Path script) {
        String name = script.getFileName().toString().replaceFirst("\\.mjs$", "");
        return script.resolveSibling(name + ".test.json");
    }

    static HookFixture readFixture(Path path) throws IOException {
        String text = Files.readString(path);
        try (var reader = JsonProvider.provider().createReaderFactory(Map.of()).createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject o)) {
                throw new IllegalArgumentException("a fixture is a JSON object with \"steps\"");
            }
            return HookFixture.parse(o);
        } catch (JsonParsingException e) {
            throw new IllegalArgumentException("line " + e.getLocation().getLineNumber() + ": not valid JSON: " + e.getMessage());
        }
    }

    private static int play(HookSource source, Path script, HookFixture fixture, Path fixturePath, PrintStream out,
                            Duration callLimit, List<String> fetchAllow) {
        // the hook's own lines print inline; the host's log (engine start, the errors printed here anyway) stays quiet
        CommandLog hookLines = new CommandLog(out, source.file());
        try {
            return loadAndPlay(source, script, fixture, fixturePath, out, callLimit, fetchAllow);
        } finally {
            hookLines.close();
        }
    }

    private static int loadAndPlay(HookSource source, Path script, HookFixture fixture, Path fixturePath, PrintStream out,
                                   Duration callLimit, List<String> fetchAllow) {
        VirtualScheduler clock = new VirtualScheduler(java.time.Instant.EPOCH);
        FixtureFetches fetches = new FixtureFetches(fixture.raw(), fetchAllow, false);
        LoadResult loaded = new ModuleLoader(clock).with(new HookSecrets(fixture.secrets()), Optional.of(fetches.fetcher()))
                .load(source);
        if (loaded instanceof LoadResult.Rejected rejected) {
            rejected.problems().forEach(p -> out.println(prefix(script) + p));
            out.println("FAILED: " + script + " does not load");
            return 1;
        }
        HookContext module = ((LoadResult.Loaded) loaded).module();
        out.println(source.file() + " against " + fixturePath.getFileName() + " (" + fixture.steps().size() + " steps)"
                + (fixture.description().isEmpty() ? "" : ": " + fixture.description()));
        int passed = 0;
        try (FixtureRunner runner = new FixtureRunner(source, module, clock, fixture, callLimit,
                Integer.MAX_VALUE, false, Optional.of(fetches))) {
            for (HookFixture.Step step : fixture.steps()) {
                out.println("  step " + step.number() + " at " + step.at().toEpochMilli() + "ms " + step.call().export());
                FixtureRunner.StepResult result;
                try {
                    result = runner.run(step);
                } catch (IllegalArgumentException e) {
                    out.println("    FAIL: the step's data: " + e.getMessage());
                    continue;
                }
                Optional<String> failure = Expectations.check(result);
                out.println("    -> " + shown(result) + (failure.isEmpty() ? "  ok" : "  FAIL: " + failure.get()));
                result.fetches().forEach(c -> out.println("       tk.fetch " + c.method() + " " + c.url()
                        + c.body().map(b -> " " + (b.length() > 200 ? b.substring(0, 200) + "..." : b)).orElse("")));
                result.errors().forEach(e -> out.println("       " + prefix(script) + e));
                passed += failure.isEmpty() ? 1 : 0;
            }
        }
        boolean ok = passed == fixture.steps().size();
        out.println((ok ? "passed: " : "FAILED: ") + passed + " of " + fixture.steps().size() + " steps");
        return ok ? 0 : 1;
    }

    private static String shown(FixtureRunner.StepResult result) {
        if (!result.step().call().decides()) {
            return "(notified)";
        }
        return result.answer().map(v -> v instanceof JsonString s ? "\"" + s.getString() + "\"" : v.toString())
                .orElse("(no answer: the built-in decides)");
    }

    private static String prefix(Path script) {
        Path parent = script.getParent();
        return parent == null ? "" : parent + "/";
    }
}
