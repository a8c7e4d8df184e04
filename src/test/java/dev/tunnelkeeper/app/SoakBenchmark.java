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
 * RSS and thread count from /proc, after each it checks that the target answers through the new server. Prints
 * Markdown. Args: minutes (10), seconds between restarts (10). Run by bench/soak.sh.
 */
public final class SoakBenchmark {
    private static final String KEY = "lab-soak-control-key-0123456789";

    private record Sample(long secondsIn, long rssKb, int threads) {
    }

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
            try (ProductRun tk = ProductRun.start(lab, env)) {
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

    private static Sample sample(long pid, long secondsIn) throws IOException {
        long rss = 0;
        int threads = 0;
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                rss = Long.parseLong(line.replaceAll("\\D", ""));
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.replaceAll("\\D", ""));
            }
        }
        return new Sample(secondsIn, rss, threads);
    }

    private static void print(int minutes, int every, List<Sample> samples, int restarts, int healed, List<String> failures) {
        List<Sample> secondHalf = samples.subList(samples.size() / 2, samples.size());
        System.out.println("| what | start | end | min | median | max | slope, second half |");
        System.out.println("|---|---|---|---|---|---|---|");
        System.out.printf("| RSS (MB) | %.1f | %.1f | %.1f | %.1f | %.1f | %+.2f MB/min |%n",
                mb(samples.getFirst().rssKb()), mb(samples.getLast().rssKb()),
                mb(samples.stream().mapToLong(Sample::rssKb).min().orElseThrow()), mb(median(samples.stream().mapToLong(Sample::rssKb).toArray())),
                mb(samples.stream().mapToLong(Sample::rssKb).max().orElseThrow()),
                slope(secondHalf, true) / 1024.0);
        System.out.printf("| threads | %d | %d | %d | %d | %d | %+.2f /min |%n",
                samples.getFirst().threads(), samples.getLast().threads(),
                samples.stream().mapToInt(Sample::threads).min().orElseThrow(),
                median(samples.stream().mapToLong(Sample::threads).toArray()),
                samples.stream().mapToInt(Sample::threads).max().orElseThrow(),
                slope(secondHalf, false));
        System.out.println();
        System.out.printf("%d minutes, a server switch through the control API every %d s: %d restarts, %d healed (the target"
                + " answered through the new server within %d s), %d samples.%n", minutes, every, restarts, healed, every, samples.size());
        failures.forEach(f -> System.out.println("- not healed in time: " + f));
    }

    private static double mb(double kb) {
        return kb / 1024.0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Least-squares slope per minute of RSS (kB) or threads over the samples. */
    private static double slope(List<Sample> s, boolean rss) {
        double n = s.size();
        double mx = s.stream().mapToDouble(Sample::secondsIn).sum() / n;
        double my = s.stream().mapToDouble(x -> rss ? x.rssKb() : x.threads()).sum() / n;
        double num = 0;
        double den = 0;
        for (Sample x : s) {
            double dx = x.secondsIn() - mx;
            num += dx * ((rss ? x.rssKb() : x.threads()) - my);
            den += dx * dx;
        }
        return den == 0 ? 0 : num / den * 60;
    }
}
