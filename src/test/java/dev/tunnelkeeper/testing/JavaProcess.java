package dev.tunnelkeeper.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs dev.tunnelkeeper.Main in a child JVM, as users do, with a chosen classpath and environment. */
public final class JavaProcess {
    public record Result(int exit, String stdout, String stderr) {
    }

    private JavaProcess() {
    }

    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** target/classes alone: what the healthcheck must be able to run with. */
    public static String classesOnly() {
        return Path.of(System.getProperty("tk.classesDir", "target/classes")).toAbsolutePath().toString();
    }

    /** The test JVM's own classpath: classes plus every dependency. */
    public static String fullClasspath() {
        return System.getProperty("java.class.path");
    }

    public static ProcessBuilder builder(String classpath, List<String> jvmFlags, Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(jvmFlags);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add("dev.tunnelkeeper.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().keySet().removeIf(k -> k.startsWith("HEALTH_") || k.startsWith("VPN_") || k.startsWith("OPENVPN_")
                || k.startsWith("WIREGUARD_") || k.startsWith("PUBLICIP_") || k.startsWith("HTTP_CONTROL_") || k.startsWith("FIREWALL")
                || k.startsWith("SERVER") || k.equals("TK_CONFIG") || k.equals("LOG_LEVEL"));
        pb.environment().putAll(env);
        return pb;
    }

    public static Result run(String classpath, List<String> jvmFlags, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("tk-out", ".txt");
        Path err = Files.createTempFile("tk-err", ".txt");
        try {
            Process p = builder(classpath, jvmFlags, env, args)
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("child JVM did not finish within 60 s: " + String.join(" ", args));
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
