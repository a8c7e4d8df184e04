package dev.tunnelkeeper.app;

import dev.tunnelkeeper.control.NamespaceHttp;
import dev.tunnelkeeper.lab.Lab;
import dev.tunnelkeeper.lab.LabSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab soak: the real product (OpenVPN, kill switch, resolver, control API) in a two-server lab for N minutes,
 * switched to the other server through the control API every S seconds; before each switch it samples the product's
 * RSS and thread count from /proc and its live heap (used after a full GC, through jcmd), after each it checks
 * that the target answers through the new server. Prints Markdown. Args: minutes (10), seconds between restarts
 * (10), the product's JVM flags as one string (default ProductRun's). Run by bench/soak.sh with the launcher's flags.
 */
public final class SoakBenchmark {
    private static final String KEY = "lab-soak-control-key-0123456789";

    private record Sample(long secondsIn, long rssKb, int threads, long liveHeapKb) {
    }

    // Serial GC, JDK 25: "DefNew     total 19648K, used 7368K [...]" and "Tenured    total 43712K, used 2361K [...]"
    // (older JDKs: "def new generation" and "tenured generation").
    private static final java.util.regex.Pattern USED = java.util.regex.Pattern.compile(
            "(?m)^\\s*(?:DefNew|Tenured|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");

    private SoakBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int every = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        LabSupport.whyLabCannotRun().ifPresent(why -> {
            throw new IllegalStateException("the lab cannot run here: " + why);
        });
        try (Lab lab = Lab.start(2)) {
            Map<String, String> env = ProductRun.openVpnEnv(lab);
            env.put("SERVERS_FILE", ProductRun.serversFile(lab).toString());
            env.put("HTTP_CONTROL_SERVER_ADDRESS", "127.0.0.1:8000");
            env.put("HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE", "{\"auth\":\"apikey\",\"apikey\":\"" + KEY + "\"}");
            List<String> flags = args.length > 2 ? List.of(args[2].trim().split("\\s+")) : null;
            Path log = lab.directory().resolve("soak.log");
            try (ProductRun tk = flags == null ? ProductRun.start(lab, env, log) : ProductRun.start(lab, env, log, flags)) {
                tk.await("INFO [healthcheck] healthy!", 1, Duration.ofSeconds(60));
                long pid = tk.process().pid();
                List<Sample> samples = new ArrayList<>();
                long start = System.nanoTime();
                long end = start + Duration.ofMinutes(minutes).toNanos();
                int restarts = 0;
                int healed = 0;
                List<String> failures = new ArrayList<>();
                while (System.nanoTime() < end) {
                    samples.add(sample(pid, (System.nanoTime() - start) / 1_000_000_000L));
                    String current = tk.connects().getLast();
                    String other = current.equals("s1") ? "s2" : "s1";
                    restarts++;
                    NamespaceHttp.Answer a = NamespaceHttp.call(lab, lab.clientNamespace(), "PUT",
                            "http://127.0.0.1:8000/v1/servers/current", "{\"name\":\"" + other + "\"}", Map.of("X-API-Key", KEY));
                    long deadline = System.nanoTime() + Duration.ofSeconds(every).toNanos();
                    boolean ok = false;
                    while (!ok && System.nanoTime() < deadline) {
                        ok = other.equals(lab.dialTarget(Duration.ofSeconds(1)).answer());
                        if (!ok) {
                            Thread.sleep(200);
                        }
                    }
                    if (ok) {
                        healed++;
                    } else {
                        failures.add("restart " + restarts + " to " + other + ": " + a.status() + " " + a.body());
                    }
                    long wait = deadline - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000L);
                    }
                }
                samples.add(sample(pid, (System.nanoTime() - start) / 1_000_000_000L));
                print(minutes, every, samples, restarts, healed, failures);
            }
        }
    }

    private static Sample sample(long pid, long secondsIn) throws IOException, InterruptedException {
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new Sample(secondsIn, rss, threads, liveHeapKb(pid));
    }

    /** The heap in use right after a full collection (jcmd GC.run, then GC.heap_info): what is really retained. */
    private static long liveHeapKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long used = 0;
        String info = jcmd(pid, "GC.heap_info");
        java.util.regex.Matcher m = USED.matcher(info);
        int generations = 0;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            generations++;
        }
        if (generations != 2) { // a format we do not know: say so rather than report 0
            throw new IOException("cannot read the two generations' use from jcmd GC.heap_info:\n" + info);
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }

    private static void print(int minutes, int every, List<Sample> samples, int restarts, int healed, List<String> failures) {
        System.out.println("| what | start | end | min | median | max | slope, second half |");
        System.out.println("|---|---|---|---|---|---|---|");
        row("RSS (MB)", samples, x -> x.rssKb() / 1024.0, "MB/min");
        row("live heap after a full GC (MB)", samples, x -> x.liveHeapKb() / 1024.0, "MB/min");
        row("threads", samples, x -> x.threads(), "/min");
        System.out.println();
        System.out.printf("%d minutes, a server switch through the control API every %d s: %d restarts, %d healed (the target"
                + " answered through the new server within %d s), %d samples.%n", minutes, every, restarts, healed, every, samples.size());
        failures.forEach(f -> System.out.println("- not healed in time: " + f));
    }

    private static void row(String what, List<Sample> samples, java.util.function.ToDoubleFunction<Sample> value, String unit) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        System.out.printf("| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %+.2f %s |%n", what,
                value.applyAsDouble(samples.getFirst()), value.applyAsDouble(samples.getLast()), sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1],
                slope(samples.subList(samples.size() / 2, samples.size()), value), unit);
    }

    /** Least-squares slope per minute over the samples. */
    private static double slope(List<Sample> s, java.util.function.ToDoubleFunction<Sample> value) {
        double n = s.size();
        double mx = s.stream().mapToDouble(Sample::secondsIn).sum() / n;
        double my = s.stream().mapToDouble(value).sum() / n;
        double num = 0;
        double den = 0;
        for (Sample x : s) {
            double dx = x.secondsIn() - mx;
            num += dx * (value.applyAsDouble(x) - my);
            den += dx * dx;
        }
        return den == 0 ? 0 : num / den * 60;
    }
}
