package dev.tunnelkeeper.control.page;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium (Debian's {@code chromium} package) as the status page's tests run it: the flags that keep it off
 * the network (no background requests, no component updates, no sync, no QUIC, and no host name resolves but
 * 127.0.0.1: the tests load pages by address), a fresh profile for every run,
 * optionally inside a lab namespace ({@code ip netns exec}). {@link #find} skips the calling test, saying why, only
 * where Chromium is not installed or cannot start.
 */
public final class Chromium {
    private static final List<String> NAMES = List.of("chromium", "chromium-browser", "google-chrome");
    private static final long LIMIT_SECONDS = 90;

    private final Path binary;
    private final Path profiles;
    private final List<String> prefix;
    private final Map<String, String> env;
    private final AtomicInteger runs;

    private Chromium(Path binary, Path profiles, List<String> prefix, Map<String, String> env, AtomicInteger runs) {
        this.binary = binary;
        this.profiles = profiles;
        this.prefix = List.copyOf(prefix);
        this.env = Map.copyOf(env);
        this.runs = runs;
    }

    /** The installed browser with its profiles under {@code profiles}, or the test is skipped saying why. */
    public static Chromium find(Path profiles) throws IOException, InterruptedException {
        Optional<Path> found = NAMES.stream()
                .flatMap(name -> List.of(System.getenv().getOrDefault("PATH", "/usr/bin").split(":")).stream().map(d -> Path.of(d, name)))
                .filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(),
                "browser test skipped: Chromium is not installed (apt-get install -y --no-install-recommends chromium)");
        Chromium chromium = new Chromium(found.get(), profiles, List.of(), Map.of(), new AtomicInteger());
        Run probe = chromium.run(List.of("--dump-dom", "about:blank"));
        Assumptions.assumeTrue(probe.exit == 0,
                () -> "browser test skipped: " + found.get() + " cannot run here: " + probe.stderr.strip());
        return chromium;
    }

    /** The same browser started inside a network namespace (a lab's), where the product's listeners are. */
    public Chromium inNamespace(String namespace) {
        return new Chromium(binary, profiles, List.of("ip", "netns", "exec", namespace), env, runs);
    }

    /** The same browser with an environment variable set, such as {@code TZ} for its local time. */
    public Chromium withEnv(String name, String value) {
        Map<String, String> more = new HashMap<>(env);
        more.put(name, value);
        return new Chromium(binary, profiles, prefix, more, runs);
    }

    /** The DOM after the page loaded and its scripts ran ({@code flags} such as {@code --virtual-time-budget=12000}). */
    public String dumpDom(URI url, String... flags) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--dump-dom", url.toString()));
        Run run = run(args);
        if (run.exit != 0) {
            throw new AssertionError("chromium exited " + run.exit + " loading " + url + ": " + run.stderr);
        }
        return run.stdout;
    }

    /** A PNG of the page in a window of that size. */
    public void screenshot(URI url, Path png, int width, int height, String... flags) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.deleteIfExists(png);
        List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--hide-scrollbars", "--window-size=" + width + "," + height,
                "--screenshot=" + png.toAbsolutePath(), url.toString()));
        Run run = run(args);
        if (run.exit != 0 || !Files.isRegularFile(png) || Files.size(png) == 0) {
            throw new AssertionError("chromium made no screenshot of " + url + " (exit " + run.exit + "): " + run.stderr);
        }
    }

    private record Run(int exit, String stdout, String stderr) {
    }

    private Run run(List<String> args) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(profiles.resolve("chromium-profile-" + runs.incrementAndGet()));
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--user-data-dir=" + profile.toAbsolutePath()));
        cmd.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(cmd);
        builder.environment().putAll(env);
        Path out = profile.resolveSibling(profile.getFileName() + ".out");
        Path err = profile.resolveSibling(profile.getFileName() + ".err");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within " + LIMIT_SECONDS + " s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err));
    }
}
