package dev.tunnelkeeper.scripting;

import dev.tunnelkeeper.config.HookSettings;
import dev.tunnelkeeper.time.VirtualScheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tunnelkeeper check-scripts [dir-or-file...]}: loads and validates every hook file the way the supervisor
 * would, without starting anything, then calls each hook once with sample data (a throw or a timeout there is a
 * problem; the answers are not judged, they depend on the user's servers). Prints each problem on its own line as
 * {@code path:line: message}; exit 0 when there is none, 1 otherwise.
 * Without an argument it checks the scripts directory of the settings (SCRIPTS_DIR over hooks.scripts_dir of the
 * YAML file over {@code scripts}), reading the hook settings only; a problem in them exits 2, as {@code run} would.
 */
public final class CheckScriptsCommand {
    private CheckScriptsCommand() {
    }

    /** @param env the environment: read for the hook settings only when {@code args} names nothing */
    public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, HookSettingsParser.MAX_TIMEOUT);
    }

    /** @param callLimit the time limit of each sample call; the command passes the longest HOOK_TIMEOUT allows */
    static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err, Duration callLimit) {
        List<Path> paths = new ArrayList<>();
        if (args.isEmpty()) {
            List<String> settingsProblems = new ArrayList<>();
            HookSettings settings = HookSettingsParser.read(env, settingsProblems);
            if (!settingsProblems.isEmpty()) {
                return HookSettingsParser.report("check-scripts", settingsProblems, err);
            }
            paths.add(settings.scriptsDir());
        } else {
            args.forEach(arg -> paths.add(Path.of(arg)));
        }
        List<String> problems = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            collect(path, files, problems);
        }
        // the hooks' own lines and the host's log are not this command's output: it prints the problems itself
        CommandLog quiet = new CommandLog(new PrintStream(OutputStream.nullOutputStream()), "");
        try {
            for (Path file : files) {
                check(file, out, problems, callLimit);
            }
        } finally {
            quiet.close();
        }
        problems.forEach(out::println);
        out.println("checked " + files.size() + " file(s): " + (problems.isEmpty() ? "no problems"
                : problems.size() + " problem(s)"));
        return problems.isEmpty() ? 0 : 1;
    }

    private static void collect(Path path, List<Path> files, List<String> problems) {
        if (Files.isRegularFile(path)) {
            files.add(path);
        } else if (Files.isDirectory(path)) {
            List<Path> found = new ArrayList<>();
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(path, "*.mjs")) {
                stream.forEach(p -> {
                    if (Files.isRegularFile(p)) {
                        found.add(p);
                    }
                });
            } catch (IOException e) {
                problems.add(path + ": cannot be listed: " + e.getMessage());
            }
            found.sort(null);
            files.addAll(found);
        } else {
            problems.add(path + ": no such file or directory");
        }
    }

    private static void check(Path path, PrintStream out, List<String> problems, Duration callLimit) {
        String prefix = path.getParent() == null ? "" : path.getParent() + "/";
        HookSource source;
        try {
            source = HookSource.read(path);
        } catch (IOException e) {
            problems.add(path + ": cannot be read: " + e.getMessage());
            return;
        }
        VirtualScheduler clock = new VirtualScheduler(java.time.Instant.EPOCH);
        FixtureFetches fetches = new FixtureFetches(jakarta.json.JsonValue.EMPTY_JSON_OBJECT, List.of(), true);
        switch (new ModuleLoader(clock).with(HookSecrets.NONE, Optional.of(fetches.fetcher())).load(source)) {
            case LoadResult.Rejected rejected -> rejected.problems().forEach(p -> problems.add(prefix + p));
            case LoadResult.Loaded loaded -> {
                loaded.warnings().forEach(w -> out.println(prefix + w.where() + ": warning: " + w.message()));
                List<HookError> errors = dryRun(source, loaded.module(), clock, callLimit, fetches);
                errors.forEach(e -> problems.add(prefix + e));
                if (errors.isEmpty()) {
                    out.println(path + ": ok (apiVersion " + (loaded.module().async() ? 2 : 1) + "; "
                            + (loaded.module().hooks().isEmpty() ? "no hooks" : String.join(", ",
                            loaded.module().hooks().stream().sorted().map(HookName::export).toList())) + ")");
                }
            }
        }
    }

    private static List<HookError> dryRun(HookSource source, HookContext module, VirtualScheduler clock, Duration callLimit,
                                          FixtureFetches fetches) {
        List<HookError> errors = new ArrayList<>();
        HookFixture sample = HookFixture.sample(module.hooks().stream().sorted().toList());
        try (FixtureRunner runner = new FixtureRunner(source, module, clock, sample, callLimit,
                Integer.MAX_VALUE, true, Optional.of(fetches))) {
            for (HookFixture.Step step : sample.steps()) {
                errors.addAll(runner.run(step).errors());
            }
        }
        return errors;
    }
}
