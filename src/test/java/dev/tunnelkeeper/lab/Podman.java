package dev.tunnelkeeper.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * podman as bin/image sets it up (bin/lib/podman.sh): root, runc, no systemd, every piece of state under
 * $TK_PODMAN_DIR. Containers run only in namespaces a lab made ({@code --network ns:...}) or in another container's
 * ({@code --network container:...}): podman makes no network and adds no firewall rule anywhere.
 */
public final class Podman {
    /** The image the container tests run, built from this checkout's target/ by {@link #buildImage()}. */
    public static final String IMAGE = "localhost/tunnelkeeper:lab";
    /** The Debian base bin/image makes (or was given): it has bash and coreutils, enough for a dependent container. */
    public static final String BASE_IMAGE = "localhost/tunnelkeeper-base:trixie";
    private static final Path DIR = Path.of(Optional.ofNullable(System.getenv("TK_PODMAN_DIR")).filter(s -> !s.isEmpty())
            .orElse("/var/tmp/tunnelkeeper-podman"));
    private static final Map<String, String> ENV = Map.of(
            "CONTAINERS_CONF", DIR.resolve("containers.conf").toString(),
            "CONTAINERS_STORAGE_CONF", DIR.resolve("storage.conf").toString(),
            "DISABLE_HC_SYSTEMD", "true");

    private Podman() {
    }

    /** Empty when containers can run here (root, podman and runc installed: bin/test installs them), else why not. */
    public static Optional<String> whyCannotRun() {
        Optional<String> lab = LabRequirements.whyLabCannotRun();
        if (lab.isPresent()) {
            return lab;
        }
        for (String tool : List.of("podman", "runc", "debootstrap")) {
            if (Commands.run(List.of("sh", "-c", "command -v " + tool), null, Commands.DEFAULT_TIMEOUT).exitCode() != 0) {
                return Optional.of(tool + " is not installed (bin/test installs it as root: apt-get install podman runc debootstrap)");
            }
        }
        return Optional.empty();
    }

    /**
     * bin/image --no-build: the image of the jar and libs Maven just packaged (the Debian base is made once, with
     * debootstrap, and kept in $TK_PODMAN_DIR). Its output goes to {@code log}.
     */
    public static String buildImage(Path log) {
        Path root = Path.of("").toAbsolutePath();
        Commands.Result r = Commands.run(List.of("bash", "-c", "bin/image --no-build " + IMAGE + " > " + log + " 2>&1"),
                Map.of(), null, Duration.ofMinutes(15));
        if (!r.succeeded()) {
            String out;
            try {
                out = Files.readString(log);
            } catch (java.io.IOException e) {
                out = "(no log: " + e.getMessage() + ")";
            }
            throw new LabException("bin/image in " + root + " failed (exit " + r.exitCode() + "):\n" + out);
        }
        return IMAGE;
    }

    /** Writes {@code env} as a podman --env-file (0600: it may hold secrets) and returns its path. */
    public static Path envFile(Path file, Map<String, String> env) throws java.io.IOException {
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        StringBuilder lines = new StringBuilder();
        env.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, lines);
        return file;
    }

    /** What a podman command did. */
    public record Outcome(int exit, String stdout, String stderr) {
    }

    /** podman ARGS, within {@code timeout}; returns the outcome whatever the exit code. */
    public static Outcome run(Duration timeout, String... args) {
        Commands.Result r = runCommand(timeout, args);
        return new Outcome(r.exitCode(), r.stdout(), r.stderr());
    }

    private static Commands.Result runCommand(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("podman"));
        command.addAll(List.of(args));
        return Commands.run(command, ENV, null, timeout);
    }

    /** podman ARGS; returns stdout, throws with the output if it fails. */
    public static String check(String... args) {
        Commands.Result r = runCommand(Commands.DEFAULT_TIMEOUT, args);
        if (!r.succeeded()) {
            throw new LabException(r.describe());
        }
        return r.stdout().strip();
    }

    /** `podman healthcheck run`: 0 healthy, 1 unhealthy (what Docker's timer would record). */
    public static int healthcheck(String container) {
        return run(Duration.ofSeconds(30), "healthcheck", "run", container).exit();
    }

    /** A field of `podman inspect` (a Go template such as {{.State.Health.Status}}). */
    public static String inspect(String container, String template) {
        return check("inspect", "--format", template, container);
    }

    /** Removes the container whatever its state; quiet when it does not exist. */
    public static void remove(String container) {
        run(Duration.ofSeconds(60), "rm", "--force", "--time", "0", "--ignore", container);
    }

    /** Names of every container podman knows here, running or not. */
    public static List<String> containers() {
        String out = check("ps", "--all", "--format", "{{.Names}}");
        return out.isEmpty() ? List.of() : out.lines().toList();
    }
}
