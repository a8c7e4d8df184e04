package dev.tunnelkeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of src/main/java depend on each other without a cycle. Every package counts by its full name
 * ({@code vpn} and {@code vpn.openvpn} are two); a reference is an import or a fully qualified name in the code
 * (comments are not code).
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
    // dev.tunnelkeeper.<pkg>...<Type>: a package name is lower case, a type's name starts with a capital
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.tunnelkeeper((?:\\.[a-z_]\\w*)*)\\.[A-Z]\\w*");
    private static final Pattern COMMENTS = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** An edge of the graph and one file that makes it. */
    record Edge(String from, String to, Path file) {
    }

    @Test
    void thePackageGraphHasNoCycle() {
        List<Edge> edges = edges(SOURCES);
        assertTrue(edges.size() > 20, "the sources were read: " + edges.size() + " references");
        Optional<List<Edge>> cycle = cycle(edges);
        assertTrue(cycle.isEmpty(), () -> "a cycle: " + describe(cycle.get()));
    }

    /** config/ is below every feature: it knows the log package and nothing else of the product. */
    @Test
    void configReferencesNoFeature() {
        Set<String> targets = new TreeSet<>();
        edges(SOURCES).stream().filter(e -> e.from().equals("config")).forEach(e -> targets.add(e.to() + " (" + e.file() + ")"));
        assertTrue(targets.stream().allMatch(t -> t.startsWith("log ")), targets.toString());
    }

    /** The finder itself: a cycle through three packages, made by an import and a fully qualified name, is found. */
    @Test
    void aCycleIsFoundAndNamed(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "a/A.java", "package dev.tunnelkeeper.a;\nimport dev.tunnelkeeper.b.sub.B;\nclass A {}\n");
        write(dir, "b/sub/B.java", "package dev.tunnelkeeper.b.sub;\nclass B { Object c = new dev.tunnelkeeper.c.C(); }\n");
        write(dir, "c/C.java", "package dev.tunnelkeeper.c;\n// dev.tunnelkeeper.d.D in a comment is no reference\n"
                + "class C { dev.tunnelkeeper.a.A a; }\n");
        write(dir, "d/D.java", "package dev.tunnelkeeper.d;\nclass D { dev.tunnelkeeper.a.A a; }\n");
        List<Edge> edges = edges(dir);
        assertEquals(4, edges.size(), edges.toString());
        Optional<List<Edge>> cycle = cycle(edges);
        assertTrue(cycle.isPresent(), edges.toString());
        assertEquals("a -> b.sub -> c -> a", describe(cycle.get()).replaceAll(" \\([^)]*\\)", ""));
        // without the fully qualified name, no cycle
        write(dir, "b/sub/B.java", "package dev.tunnelkeeper.b.sub;\nclass B { }\n");
        assertTrue(cycle(edges(dir)).isEmpty());
    }

    /** A package and its own sub-package are two: each referring to the other is a cycle. */
    @Test
    void aPackageAndItsSubPackageReferringToEachOtherIsACycle(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        write(dir, "v/Client.java", "package dev.tunnelkeeper.v;\nclass Client { dev.tunnelkeeper.v.open.OpenClient c; }\n");
        write(dir, "v/open/OpenClient.java", "package dev.tunnelkeeper.v.open;\nimport dev.tunnelkeeper.v.Client;\nclass OpenClient {}\n");
        Optional<List<Edge>> cycle = cycle(edges(dir));
        assertTrue(cycle.isPresent());
        assertEquals("v -> v.open -> v", describe(cycle.get()).replaceAll(" \\([^)]*\\)", ""));
    }

    private static void write(Path dir, String file, String text) throws IOException {
        Path path = dir.resolve("dev/tunnelkeeper").resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text);
    }

    /** Each reference from one package to another, once per pair, with the first file that makes it. */
    static List<Edge> edges(Path root) {
        Map<String, Edge> byPair = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String code = COMMENTS.matcher(Files.readString(file)).replaceAll("");
                Matcher pkg = PACKAGE.matcher(code);
                if (!pkg.find()) {
                    continue;
                }
                String from = node(pkg.group(1));
                Matcher ref = REFERENCE.matcher(code);
                while (ref.find()) {
                    String to = node("dev.tunnelkeeper" + ref.group(1));
                    if (!to.equals(from)) {
                        byPair.putIfAbsent(from + " " + to, new Edge(from, to, root.relativize(file)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(byPair.values());
    }

    /** {@code dev.tunnelkeeper.vpn.openvpn} is {@code vpn.openvpn}; the root package is {@code (root)}. */
    private static String node(String packageName) {
        return packageName.equals("dev.tunnelkeeper") ? "(root)" : packageName.substring("dev.tunnelkeeper.".length());
    }

    /** One cycle, as its edges in order, or empty. */
    static Optional<List<Edge>> cycle(List<Edge> edges) {
        Map<String, List<Edge>> out = new TreeMap<>();
        edges.forEach(e -> out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e));
        Set<String> done = new TreeSet<>();
        for (String start : out.keySet()) {
            Optional<List<Edge>> found = search(start, out, new ArrayList<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<Edge>> search(String node, Map<String, List<Edge>> out, List<Edge> path, Set<String> done) {
        if (done.contains(node)) {
            return Optional.empty();
        }
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).from().equals(node)) {
                return Optional.of(List.copyOf(path.subList(i, path.size())));
            }
        }
        for (Edge e : out.getOrDefault(node, List.of())) {
            path.add(e);
            Optional<List<Edge>> found = search(e.to(), out, path, done);
            path.removeLast();
            if (found.isPresent()) {
                return found;
            }
        }
        done.add(node);
        return Optional.empty();
    }

    private static String describe(List<Edge> cycle) {
        StringBuilder s = new StringBuilder(cycle.getFirst().from());
        cycle.forEach(e -> s.append(" -> ").append(e.to()).append(" (").append(e.file()).append(")"));
        return s.toString();
    }
}
