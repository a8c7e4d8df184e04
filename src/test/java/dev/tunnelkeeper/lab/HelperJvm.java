package dev.tunnelkeeper.lab;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for the lab's small Java helpers (health target, dial agent), run inside a
 * namespace with `ip netns exec`. Flags keep each JVM quick to start and small; the lab prefix in
 * a system property marks the process as the lab's in `ps`.
 */
final class HelperJvm {
    private HelperJvm() {
    }

    static List<String> command(String namespace, LabNames names, Class<?> mainClass, String... args) {
        return command(namespace, names, mainClass, List.of(), args);
    }

    /** @param libraries classes whose jars go on the class path too (the DNS helpers use dnsjava, which logs through slf4j) */
    static List<String> command(String namespace, LabNames names, Class<?> mainClass, List<Class<?>> libraries,
                                String... args) {
        List<String> classpath = new ArrayList<>(List.of(classpathOf(mainClass)));
        libraries.forEach(c -> classpath.add(classpathOf(c)));
        List<String> command = new ArrayList<>(List.of(LabTools.path("ip"), "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dtunnelkeeper.lab=" + names.prefix(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:CICompilerCount=1", "-XX:-UsePerfData",
                "-Xmx32m", "-Xss256k",
                "-cp", String.join(java.io.File.pathSeparator, classpath), mainClass.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** dnsjava and the slf4j API it logs through (no provider: its few warnings go to the helper's log). */
    static List<Class<?>> dnsLibraries() {
        return List.of(org.xbill.DNS.Message.class, org.slf4j.LoggerFactory.class);
    }

    /** Only the directory (or jar) holding the helper: helpers use nothing but the JDK. */
    private static String classpathOf(Class<?> mainClass) {
        try {
            return Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new LabException("cannot locate the classes of " + mainClass.getName(), e);
        }
    }
}
